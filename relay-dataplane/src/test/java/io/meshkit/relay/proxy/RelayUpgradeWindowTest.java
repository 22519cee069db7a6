package io.meshkit.relay.proxy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The h2c upgrade is taken on a cleartext connection's first request only: an {@code Upgrade: h2c}
 * request first on its connection gets 101, the same request after another on a kept-alive connection
 * is proxied as HTTP/1.1 (its Upgrade ignored, as RFC 9110 allows).
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class RelayUpgradeWindowTest {
  private static final String ROUTED = "Host: x\r\nx-meshkit-namespace: orders\r\nx-meshkit-shard-key: customer-7\r\n";
  private static final String UPGRADE = "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
      + "HTTP2-Settings: AAMAAABkAAQAAP__\r\n";

  /** Stopped after each test, with the relays it started. */
  @AutoClose
  private OneBackend backend;

  @Test
  void upgradeIsTakenOnTheFirstRequestOnly() throws Exception {
    backend = new OneBackend(ex -> {
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    RelayProxy relay = backend.relay();
    try (Socket first = new Socket("127.0.0.1", relay.port())) {
      first.setSoTimeout(10_000);
      String head = send(first, "GET / HTTP/1.1\r\n" + ROUTED + UPGRADE + "\r\n");
      assertTrue(head.startsWith("HTTP/1.1 101"), head);
    }
    try (Socket later = new Socket("127.0.0.1", relay.port())) {
      later.setSoTimeout(10_000);
      String plain = send(later, "GET / HTTP/1.1\r\n" + ROUTED + "\r\n");
      assertTrue(plain.startsWith("HTTP/1.1 200"), plain);
      later.getInputStream().readNBytes(2);
      String again = send(later, "GET / HTTP/1.1\r\n" + ROUTED + UPGRADE + "\r\n");
      assertTrue(again.startsWith("HTTP/1.1 200"), again);
    }
  }

  /** Writes {@code request}; returns the answer's head. */
  private static String send(Socket socket, String request) throws IOException {
    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    return ResponseHeads.read(socket.getInputStream());
  }
}
