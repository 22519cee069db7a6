package io.meshkit.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A data node for relay tests: a JDK HTTP/1.1 server on a free loopback port answering 200 with a fixed body. */
final class FixedBackend {
  private FixedBackend() {}

  /** Started; the caller stops it ({@code stop(0)}). */
  static HttpServer answering(String body) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    server.createContext("/", ex -> {
      ex.sendResponseHeaders(200, bytes.length);
      ex.getResponseBody().write(bytes);
      ex.close();
    });
    server.start();
    return server;
  }
}
