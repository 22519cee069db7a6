package io.meshkit.relay.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Over real sockets: every request of a kept-alive connection reaches the backend with the client's
 * address in {@code x-forwarded-for} and its host in {@code x-forwarded-host}, without the hop-by-hop
 * headers the client sent (those its {@code Connection} names included); every answer carries the
 * route and none of the backend's hop-by-hop headers.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class RelayForwardedHeadersTest {
  @AutoClose
  private OneBackend backend;

  @Test
  void eachRequestOfAConnectionIsForwardedWithTheClientsAddressAndNoHopByHopHeaders() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    backend = new OneBackend(ex -> {
      var h = ex.getRequestHeaders();
      seen.add(h.getFirst("x-forwarded-for") + " | " + h.getFirst("x-forwarded-host") + " | "
          + h.getFirst("x-forwarded-proto") + " | " + h.getFirst("x-client-hop") + " | " + h.getFirst("keep-alive")
          + " | " + h.getFirst("x-end-to-end"));
      ex.getResponseHeaders().add("Keep-Alive", "timeout=60");
      ex.getResponseHeaders().add("Connection", "x-backend-hop");
      ex.getResponseHeaders().add("X-Backend-Hop", "1");
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    RelayProxy relay = backend.relay();
    try (Socket client = new Socket("127.0.0.1", relay.port())) {
      client.setSoTimeout(10_000);
      for (int i = 0; i < 3; i++) {
        client.getOutputStream().write(("GET /" + i + " HTTP/1.1\r\nHost: shop.example\r\n"
            + "x-meshkit-namespace: orders\r\nx-meshkit-shard-key: customer-" + i + "\r\n"
            + "Connection: keep-alive, x-client-hop\r\nKeep-Alive: timeout=5\r\nx-client-hop: 1\r\n"
            + "x-end-to-end: " + i + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = client.getInputStream();
        String head = ResponseHeads.read(in).toLowerCase(java.util.Locale.ROOT);
        assertTrue(head.startsWith("http/1.1 200"), head);
        assertTrue(head.contains("\r\nx-meshkit-route-revision: 10\r\n"), head);
        assertTrue(head.contains("\r\nx-meshkit-shard: orders/"), head);
        assertTrue(!head.contains("x-backend-hop") && !head.contains("keep-alive:"), head);
        assertEquals("ok", new String(in.readNBytes(2), StandardCharsets.UTF_8));
      }
    }
    assertEquals(List.of("127.0.0.1 | shop.example | http | null | null | 0",
        "127.0.0.1 | shop.example | http | null | null | 1",
        "127.0.0.1 | shop.example | http | null | null | 2"), seen);
  }
}
