package io.meshkit.relay.proxy;

import java.io.IOException;
import java.io.InputStream;

/** Reading an HTTP/1.1 answer's head off a raw socket, for the tests that speak to the relay in bytes. */
final class ResponseHeads {
  private ResponseHeads() {}

  /** The head (status line and headers, up to and with the blank line), read byte by byte. */
  static String read(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (head.indexOf("\r\n\r\n") < 0) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the relay closed the connection after: " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }
}
