package io.meshkit.jepsen.workload;

import io.meshkit.jepsen.RelayAnswer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * HTTP/1.1 requests to one node's relay, each with the namespace and shard key headers the relay
 * routes by, and the relay's route headers read back from the answer. One thread at a time.
 */
final class RelayHttpClient implements AutoCloseable {
  static final String NAMESPACE_HEADER = "x-meshkit-namespace";
  static final String KEY_HEADER = "x-meshkit-shard-key";
  static final String REVISION_HEADER = "x-meshkit-route-revision";
  static final String SHARD_HEADER = "x-meshkit-shard";

  private final String node;
  private final String address;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param node the id of the node whose relay this is (the history's key)
   * @param address host:port of the relay
   */
  RelayHttpClient(String node, String address, Duration timeout) {
    this.node = node;
    this.address = address;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
  }

  String node() {
    return node;
  }

  /**
   * GET {@code path} routed by {@code namespace} and {@code key}: whatever status comes back is an
   * answer.
   *
   * @throws IOException when no answer came (refused, reset, timed out)
   */
  RelayAnswer get(String path, String namespace, String key) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address + path)).timeout(timeout)
        .header(NAMESPACE_HEADER, namespace).header(KEY_HEADER, key).GET().build();
    HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
    Optional<String> revision = response.headers().firstValue(REVISION_HEADER);
    return new RelayAnswer(response.statusCode(), revision.map(Long::parseLong).orElse(null),
        response.headers().firstValue(SHARD_HEADER).orElse(null));
  }

  /** GET {@code path} of any HTTP server ({@code host:port}), e.g. the relay's admin: the body, or empty. */
  Optional<String> fetch(String hostAndPort, String path) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + hostAndPort + path))
          .timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Java 17's HttpClient has nothing to close: its connections go with it. */
  @Override
  public void close() {}
}
