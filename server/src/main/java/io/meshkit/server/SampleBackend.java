package io.meshkit.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meshkit.client.MeshkitClient;
import io.meshkit.relay.routing.Route;
import io.meshkit.relay.routing.RoutingFollower;
import io.meshkit.relay.routing.RoutingTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A data node for trying a relay out ({@code meshkit sample-backend}): an HTTP server that serves the
 * shards its node owns, as the registry says, and refuses the others with {@code 421 Misdirected
 * Request} — what a real shard owner does after a handoff, and what makes the relay refresh its routing.
 *
 * <p>It decides by the route the relay sends with each request ({@code x-meshkit-shard: ns/id},
 * {@code x-meshkit-shard-epoch}, {@code x-meshkit-route-revision}, and in a federation
 * {@code x-meshkit-route-epoch}): when the relay's table is ahead of its own in (epoch, revision), it
 * first takes a fresh linearizable snapshot, so it never refuses a shard it was just given. Served requests get a JSON answer naming the node, shard, epoch and revision.
 */
public final class SampleBackend implements AutoCloseable {
  /** Told of every answer: the request's {@code x-request-id} (or ""), the status, this node. */
  public interface AnswerListener {
    AnswerListener NONE = (requestId, status, node) -> { };

    void answered(String requestId, int status, String node);
  }

  private final String node;
  private final AnswerListener listener;
  private final MeshkitClient client;
  private final RoutingFollower routing;
  private final HttpServer http;

  private SampleBackend(String node, AnswerListener listener, MeshkitClient client, RoutingFollower routing,
      HttpServer http) {
    this.node = node;
    this.listener = listener;
    this.client = client;
    this.routing = routing;
    this.http = http;
  }

  /** Serves on {@code listen} as node {@code node} of the cluster at {@code endpoints}. */
  public static SampleBackend start(String node, String listen, List<String> endpoints) throws IOException,
      ConfigException {
    return start(node, listen, endpoints, AnswerListener.NONE);
  }

  /** As {@link #start(String, String, List)}, telling {@code listener} of every answer. */
  public static SampleBackend start(String node, String listen, List<String> endpoints, AnswerListener listener)
      throws IOException, ConfigException {
    Addresses.check(listen, "--listen");
    Addresses.requireFree(listen, "sample backend listen address");
    MeshkitClient client = MeshkitClient.builder().endpoints(endpoints).build();
    RoutingFollower routing = new RoutingFollower(client, "", Optional.empty()).start();
    HttpServer http = HttpServer.create(Addresses.parse(listen), 64);
    http.setExecutor(Executors.newFixedThreadPool(8));
    SampleBackend backend = new SampleBackend(node, listener, client, routing, http);
    http.createContext("/", backend::serve);
    http.start();
    return backend;
  }

  public int port() {
    return http.getAddress().getPort();
  }

  /** The routing table it decides by. */
  public RoutingFollower routing() {
    return routing;
  }

  private void serve(HttpExchange ex) throws IOException {
    try (ex; InputStream body = ex.getRequestBody()) {
      long bodyBytes = body.transferTo(OutputStream.nullOutputStream());
      String shard = ex.getRequestHeaders().getFirst("x-meshkit-shard");
      int slash = shard == null ? -1 : shard.lastIndexOf('/');
      if (slash <= 0) {
        answer(ex, 400, "{\"error\":\"no x-meshkit-shard header\",\"hint\":\"send requests through a relay\"}");
        return;
      }
      String namespace = shard.substring(0, slash);
      int shardId;
      try {
        shardId = Integer.parseInt(shard.substring(slash + 1));
      } catch (NumberFormatException e) {
        answer(ex, 400, "{\"error\":\"x-meshkit-shard " + json(shard) + " is not namespace/number\"}");
        return;
      }
      RoutingTable table = tableAtLeast(number(ex, "x-meshkit-route-epoch"), number(ex, "x-meshkit-route-revision"));
      Route route = table.route(namespace, shardId).orElse(null);
      long epoch = number(ex, "x-meshkit-shard-epoch");
      if (route == null || !route.owner().getId().equals(node) || epoch < route.epoch()) {
        answer(ex, 421, "{\"error\":\"" + json(node) + " does not serve " + json(shard) + " at epoch " + epoch
            + "\",\"owner\":\"" + (route == null ? "" : json(route.owner().getId())) + "\",\"epoch\":"
            + (route == null ? 0 : route.epoch()) + ",\"revision\":" + table.revision() + "}");
        return;
      }
      answer(ex, 200, "{\"node\":\"" + json(node) + "\",\"shard\":\"" + json(shard) + "\",\"epoch\":" + route.epoch()
          + ",\"revision\":" + table.revision() + ",\"method\":\"" + ex.getRequestMethod() + "\",\"path\":\""
          + json(ex.getRequestURI().getPath()) + "\",\"bodyBytes\":" + bodyBytes + "}");
    }
  }

  /**
   * The current table, refreshed first when the relay's (epoch, revision) is ahead of it (revisions
   * compare only within one cluster's epoch).
   */
  private RoutingTable tableAtLeast(long epoch, long revision) {
    RoutingTable table = routing.current();
    if (table.epoch() > epoch || table.epoch() == epoch && table.revision() >= revision) {
      return table;
    }
    try {
      return routing.refresh().get(5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return routing.current();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return routing.current();
    }
  }

  private static long number(HttpExchange ex, String header) {
    try {
      String v = ex.getRequestHeaders().getFirst(header);
      return v == null ? 0 : Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String json(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private void answer(HttpExchange ex, int status, String json) throws IOException {
    String id = ex.getRequestHeaders().getFirst("x-request-id");
    listener.answered(id == null ? "" : id, status, node);
    byte[] bytes = (json + "\n").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("content-type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    http.stop(0);
    ((java.util.concurrent.ExecutorService) http.getExecutor()).shutdownNow();
    routing.close();
    client.close();
  }
}
