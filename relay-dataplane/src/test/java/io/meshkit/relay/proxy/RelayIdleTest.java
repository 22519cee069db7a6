package io.meshkit.relay.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The idle timeout of client connections: a kept-alive connection with nothing read or written for
 * the timeout is closed by the relay; one that keeps sending requests, each sooner than the timeout
 * after the last, stays open for many timeouts.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class RelayIdleTest {
  private static final Duration IDLE = Duration.ofMillis(600);

  /** Stopped after each test, with the relays it started. */
  @AutoClose
  private OneBackend backend;
  private RelayProxy relay;

  private void start() throws Exception {
    backend = new OneBackend(ex -> {
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    RelayProxy.Settings d = RelayProxy.Settings.defaults();
    relay = backend.relay(new RelayProxy.Settings(d.connectTimeout(), d.requestTimeout(), IDLE,
        d.maxConnectionsPerBackend(), d.maxQueuedPerBackend(), d.maxBodyBytes(), d.replayBufferBytes()));
  }

  @Test
  void anIdleConnectionIsClosedAndABusyOneIsNot() throws Exception {
    start();
    try (Socket idle = new Socket("127.0.0.1", relay.port());
         Socket busy = new Socket("127.0.0.1", relay.port())) {
      idle.setSoTimeout(10_000);
      busy.setSoTimeout(10_000);
      get(idle);
      long quietSince = System.nanoTime();
      // The busy connection: a request every 200 ms for six idle timeouts.
      for (int i = 0; i < 18; i++) {
        get(busy);
        Thread.sleep(200);
      }
      assertEquals(-1, idle.getInputStream().read(), "the idle connection was closed");
      assertTrue(System.nanoTime() - quietSince >= IDLE.toNanos(), "not before the idle timeout");
      get(busy);
    }
  }

  /** One GET on the kept-alive {@code client}; asserts a 200 with body "ok" came back. */
  private static void get(Socket client) throws IOException {
    client.getOutputStream().write(("GET / HTTP/1.1\r\nHost: x\r\nx-meshkit-namespace: orders\r\n"
        + "x-meshkit-shard-key: customer-7\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    InputStream in = client.getInputStream();
    String head = ResponseHeads.read(in);
    assertTrue(head.startsWith("HTTP/1.1 200"), head);
    assertEquals("ok", new String(in.readNBytes(2), StandardCharsets.UTF_8));
  }
}
