package io.meshkit.relay.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The relay's HTTP/1.1 connections to a backend are pooled: requests one after another share one
 * connection; one whose answer said {@code Connection: close} is not pooled again, and the next request
 * gets a new one. (A connection the backend closes while idle: RelayStreamingTest's resend case.)
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class BackendPoolTest {
  /** Stopped after each test, with the relays it started. */
  @AutoClose
  private OneBackend backend;
  private RelayProxy relay;

  @Test
  void sequentialRequestsShareOneConnectionAndAClosedOneIsReplaced() throws Exception {
    List<Integer> ports = new CopyOnWriteArrayList<>();
    backend = new OneBackend(ex -> {
      ports.add(ex.getRemoteAddress().getPort());
      boolean closing = ex.getRequestURI().getPath().equals("/close");
      if (closing) {
        ex.getResponseHeaders().set("Connection", "close");
      }
      byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    relay = backend.relay();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    for (int i = 0; i < 5; i++) {
      assertEquals(200, get(http, "/same").statusCode());
    }
    assertEquals(1, Set.copyOf(ports).size(), "five requests, one backend connection: " + ports);

    assertEquals(200, get(http, "/close").statusCode()); // answered with Connection: close: not pooled
    assertEquals(200, get(http, "/after").statusCode());
    assertEquals(2, Set.copyOf(ports).size(), "a new connection after the backend closed its own: " + ports);
  }

  private HttpResponse<String> get(HttpClient http, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + relay.port() + path))
        .header("x-meshkit-namespace", "orders").header("x-meshkit-shard-key", "k").build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
