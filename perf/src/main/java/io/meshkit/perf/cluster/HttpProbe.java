package io.meshkit.perf.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** One short HTTP request for probes: the body of a 200 answer, or empty. */
final class HttpProbe {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  private HttpProbe() {}

  static Optional<String> get(String url) {
    return get(url, Map.of());
  }

  /** A GET with extra request headers (a shard key, say): the body of a 200 answer, or empty. */
  static Optional<String> get(String url, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET();
    headers.forEach(request::header);
    return send(request.build());
  }

  /** A POST of a JSON body: the body of a 200 answer, or empty. */
  static Optional<String> post(String url, String json) {
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  private static Optional<String> send(HttpRequest request) {
    try {
      HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
