package io.meshkit.relay.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Closing the relay closes its client connections: a kept-alive HTTP/1.1 connection and an idle h2c
 * one both see the end of the stream, so a client reconnects instead of writing into a socket nobody
 * reads any more. Repeated, because the event loops' own shutdown closed them only some of the time.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RelayCloseTest {
  private static final int ROUNDS = 10;
  /** The HTTP/2 connection preface and an empty SETTINGS frame (RFC 9113 §3.4, §6.5). */
  private static final byte[] H2_PREFACE = concat("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
      new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});

  /** Stopped after each test, with the relays it started. */
  @AutoClose
  private OneBackend backend;

  @Test
  void closingTheRelayEndsItsKeptAliveAndHttp2Connections() throws Exception {
    backend = new OneBackend(ex -> {
      ex.sendResponseHeaders(200, 2);
      ex.getResponseBody().write("ok".getBytes(StandardCharsets.US_ASCII));
      ex.close();
    });
    for (int round = 0; round < ROUNDS; round++) {
      RelayProxy relay = backend.relay();
      try (Socket http1 = new Socket("127.0.0.1", relay.port()); Socket h2 = new Socket("127.0.0.1", relay.port())) {
        http1.setSoTimeout(5_000);
        h2.setSoTimeout(5_000);
        http1.getOutputStream().write(("GET /a HTTP/1.1\r\nHost: x\r\nx-meshkit-namespace: orders\r\n"
            + "x-meshkit-shard-key: k\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        String answer = readAnswer(http1.getInputStream());
        assertTrue(answer.startsWith("HTTP/1.1 200") && answer.endsWith("\r\n\r\nok"), answer);
        h2.getOutputStream().write(H2_PREFACE);
        assertTrue(h2.getInputStream().read() >= 0, "the relay answers the preface with its SETTINGS");

        relay.close();
        assertEquals("end of stream", untilEnd(http1.getInputStream()), "round " + round + ", HTTP/1.1");
        assertEquals("end of stream", untilEnd(h2.getInputStream()), "round " + round + ", h2c");
      }
    }
  }

  /** An HTTP/1.1 answer with a 2-byte body, read whole (the connection stays open). */
  private static String readAnswer(InputStream in) throws IOException {
    StringBuilder answer = new StringBuilder();
    while (!(answer.indexOf("\r\n\r\n") > 0 && answer.length() == answer.indexOf("\r\n\r\n") + 6)) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      answer.append((char) b);
    }
    return answer.toString();
  }

  /** Reads (and drops: a GOAWAY, say) until the peer ends the stream or the socket's timeout passes. */
  private static String untilEnd(InputStream in) throws IOException {
    byte[] buf = new byte[4096];
    try {
      while (in.read(buf) >= 0) {
        // what the relay said before closing
      }
      return "end of stream";
    } catch (SocketTimeoutException e) {
      return "still open after 5 s";
    } catch (IOException e) {
      return "end of stream"; // reset: closed as well
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = new byte[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
