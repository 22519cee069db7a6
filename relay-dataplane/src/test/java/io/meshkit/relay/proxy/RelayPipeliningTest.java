package io.meshkit.relay.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Requests pipelined on one connection (several sent before the first answer) are each proxied once,
 * answered in the order they were sent, bodies included: the ones behind the current exchange wait
 * for it (RelayHandler) and then go out as requests of their own.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class RelayPipeliningTest {
  private static final String ROUTED = "Host: x\r\nx-meshkit-namespace: orders\r\nx-meshkit-shard-key: customer-7\r\n";

  @AutoClose
  private OneBackend backend;

  @Test
  void pipelinedRequestsAreAnsweredInOrderEachOnce() throws Exception {
    // The backend answers with the request's path and the body it received.
    backend = new OneBackend(ex -> {
      byte[] received = ex.getRequestBody().readAllBytes();
      byte[] body = (ex.getRequestURI().getPath() + ":" + new String(received, StandardCharsets.UTF_8))
          .getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    RelayProxy relay = backend.relay();
    try (Socket socket = new Socket("127.0.0.1", relay.port())) {
      socket.setSoTimeout(10_000);
      String three = "GET /one HTTP/1.1\r\n" + ROUTED + "\r\n"
          + "POST /two HTTP/1.1\r\n" + ROUTED + "Content-Length: 5\r\n\r\nhello"
          + "GET /three HTTP/1.1\r\n" + ROUTED + "\r\n";
      socket.getOutputStream().write(three.getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      assertEquals("/one:", answer(in));
      assertEquals("/two:hello", answer(in));
      assertEquals("/three:", answer(in));

      // The connection stays usable after the pipelined batch.
      socket.getOutputStream().write(("GET /four HTTP/1.1\r\n" + ROUTED + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      assertEquals("/four:", answer(in));
    }
  }

  /** One answer off the socket: asserts a routed 200 with a Content-Length, returns its body. */
  private static String answer(InputStream in) throws IOException {
    String head = ResponseHeads.read(in);
    assertTrue(head.startsWith("HTTP/1.1 200"), head);
    assertTrue(head.toLowerCase(java.util.Locale.ROOT).contains(ProxyHeaders.ROUTE_REVISION + ": 10"), head);
    java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
    assertTrue(length.find(), head);
    return new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
  }
}
