package io.meshkit.relay.proxy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The relay's HTTP/1.1 codec limits over a real socket: a request line over the limit gets 414, headers
 * over it 431, each with a message naming the limit; a request within both reaches the backend.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class RelayRequestLimitsTest {
  /** Stopped after each test, with the relays it started. */
  @AutoClose
  private OneBackend backend;
  private RelayProxy relay;

  @Test
  void aLongRequestLineGets414AndLargeHeadersGet431() throws Exception {
    backend = new OneBackend(ex -> {
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    relay = backend.relay();
    String routed = "Host: x\r\nx-meshkit-namespace: orders\r\nx-meshkit-shard-key: customer-7\r\n";

    String ok = exchange("GET /fine HTTP/1.1\r\n" + routed + "Connection: close\r\n\r\n");
    assertTrue(ok.startsWith("HTTP/1.1 204"), ok);

    String longLine = exchange("GET /" + "a".repeat(FrontChannels.MAX_INITIAL_LINE_BYTES + 100) + " HTTP/1.1\r\n"
        + routed + "\r\n");
    assertTrue(longLine.startsWith("HTTP/1.1 414"), longLine);
    assertTrue(longLine.contains("longer than " + FrontChannels.MAX_INITIAL_LINE_BYTES), longLine);

    String bigHeaders = exchange("GET /fine HTTP/1.1\r\n" + routed + "x-big: "
        + "b".repeat(FrontChannels.MAX_HEADER_BYTES + 100) + "\r\n\r\n");
    assertTrue(bigHeaders.startsWith("HTTP/1.1 431"), bigHeaders);
    assertTrue(bigHeaders.contains("larger than " + FrontChannels.MAX_HEADER_BYTES), bigHeaders);
  }

  /** Writes {@code request} and reads what comes back until the relay closes or goes quiet. */
  private String exchange(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", relay.port())) {
      socket.setSoTimeout(3_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) > 0; ) {
          answer.write(buf, 0, n);
        }
      } catch (SocketTimeoutException quiet) {
        // what came is the answer
      }
      return answer.toString(StandardCharsets.UTF_8);
    }
  }
}
