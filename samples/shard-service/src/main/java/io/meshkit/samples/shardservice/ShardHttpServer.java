package io.meshkit.samples.shardservice;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The instance's data endpoint. The relay sends each request with the route it chose
 * ({@code x-meshkit-shard: <namespace>/<id>}, {@code x-meshkit-shard-epoch}, {@code x-meshkit-route-revision}).
 * This server answers {@code 200} with a JSON body naming the node, shard and epoch when its
 * {@link ShardAssignments} say it owns the shard, and {@code 421 Misdirected Request} otherwise — which makes
 * the relay refresh its table and retry once at the new owner (docs/relay.md, "the 421 handoff").
 *
 * <p>Before refusing, it lets its own view catch up to the relay's revision (bounded by
 * {@link #CATCH_UP}), so it never refuses a shard it was just given. {@code GET /shards} lists what it owns.
 */
final class ShardHttpServer implements AutoCloseable {
  /** How long a request may wait for this instance's view to reach the relay's revision. */
  static final Duration CATCH_UP = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A served request's answer ({@code key}: the client's x-meshkit-shard-key header, left out when absent). */
  record Served(String node, String namespace, int shard, long epoch, long revision,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) String key, String method, String path, long bodyBytes) {}

  /** A refusal's answer: who should have got it, as far as this instance knows. */
  record Refused(String error, String node, long revision) {}

  private final String node;
  private final String namespace;
  private final ShardAssignments assignments;
  private final HttpServer http;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);

  ShardHttpServer(String node, String namespace, ShardAssignments assignments, InetSocketAddress listen)
      throws IOException {
    this.node = node;
    this.namespace = namespace;
    this.assignments = assignments;
    this.http = HttpServer.create(listen, 64);
    http.setExecutor(executor);
    http.createContext("/shards", this::listOwned);
    http.createContext("/", this::serve);
    http.start();
  }

  int port() {
    return http.getAddress().getPort();
  }

  private void listOwned(HttpExchange ex) throws IOException {
    try (ex) {
      answer(ex, 200, Map.of("node", node, "namespace", namespace, "revision", assignments.revision(),
          "owned", assignments.owned()));
    }
  }

  private void serve(HttpExchange ex) throws IOException {
    try (ex; InputStream body = ex.getRequestBody()) {
      long bodyBytes = body.transferTo(OutputStream.nullOutputStream());
      RelayRoute route = RelayRoute.of(ex.getRequestHeaders());
      if (route == null) {
        answer(ex, 400, new Refused("no valid x-meshkit-shard header (namespace/number): send requests through the "
            + "relay", node, assignments.revision()));
        return;
      }
      if (!route.namespace().equals(namespace)) {
        answer(ex, 421, new Refused(node + " serves namespace " + namespace + ", not " + route.namespace(), node,
            assignments.revision()));
        return;
      }
      OptionalLong epoch = assignments.epochOf(route.shard());
      if (epoch.isEmpty() && assignments.revision() < route.revision()) {
        try {
          assignments.awaitRevision(route.revision(), CATCH_UP);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        epoch = assignments.epochOf(route.shard());
      }
      if (epoch.isEmpty()) {
        answer(ex, 421, new Refused(node + " does not own " + namespace + "/" + route.shard() + " at revision "
            + assignments.revision(), node, assignments.revision()));
        return;
      }
      answer(ex, 200, new Served(node, namespace, route.shard(), epoch.getAsLong(), assignments.revision(),
          route.key(), ex.getRequestMethod(), ex.getRequestURI().getPath(), bodyBytes));
    }
  }

  private static void answer(HttpExchange ex, int status, Object document) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(document);
    ex.getResponseHeaders().set("content-type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
  }
}
