package io.meshkit.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.RegistrySnapshotResponse;
import io.meshkit.relay.proxy.BackendLoad;
import io.meshkit.relay.routing.RoutingFollower;
import io.meshkit.relay.routing.RoutingTable;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The relay's admin HTTP endpoints: {@code /healthz}, {@code /readyz} (503 while the routing table is
 * stale: no snapshot since the start, or the watch was lost), {@code /metrics} (Prometheus), and as
 * JSON {@code /control/routes} (the current table: namespaces, shards, nodes and its revision, in
 * Protobuf's JSON), {@code /control/backpressure} ({@link Backpressure}) and {@code /control/status}
 * ({@link Status}). {@code meshctl relay} reads the last three; their field names are its contract.
 */
final class RelayAdmin implements AutoCloseable {
  private final HttpServer http;
  private final RoutingFollower routing;
  private final Supplier<List<BackendLoad>> load;
  private final long startNanos = System.nanoTime();

  /**
   * The load of every backend the relay has talked to, and the totals. {@code rejected}: requests
   * refused with 503 since the start because a backend's queue was full.
   */
  record Backpressure(long inFlight, long queued, long rejected, List<BackendLoad> backends) {
    static Backpressure of(List<BackendLoad> loads) {
      List<BackendLoad> sorted = loads.stream().sorted(Comparator.comparing(BackendLoad::endpoint)).toList();
      return new Backpressure(sorted.stream().mapToLong(BackendLoad::inFlight).sum(),
          sorted.stream().mapToLong(BackendLoad::queued).sum(), sorted.stream().mapToLong(BackendLoad::rejected).sum(),
          sorted);
    }
  }

  /**
   * The relay at a glance. {@code ready} is what {@code /readyz} answers (not stale); {@code lag} is
   * {@code clusterRevision - revision}: how many revisions the table is behind the cluster as last probed.
   * {@code cluster} and {@code epoch}: the cluster the table is read from and its epoch in a federation
   * ("" and 0 when not federated); revisions compare only within one cluster.
   */
  record Status(boolean ready, boolean stale, long revision, long clusterRevision, long lag, int namespaces,
      int shards, int nodes, long inFlight, long queued, long uptimeSeconds, String cluster, long epoch) {}

  /**
   * @param load the load of each backend now ({@code RelayProxy::load})
   * @param https HTTPS for the admin port (a standalone relay's {@code tls}); empty: plain HTTP
   */
  RelayAdmin(String address, RoutingFollower routing, Supplier<List<BackendLoad>> load,
      PrometheusMeterRegistry meters, java.util.Optional<com.sun.net.httpserver.HttpsConfigurator> https)
      throws IOException {
    this.routing = routing;
    this.load = load;
    http = TlsServing.httpServer(address, https);
    http.createContext("/healthz", ex -> AdminHttpServer.respond(ex, 200, "text/plain", "ok\n"));
    http.createContext("/readyz", ex -> {
      long revision = routing.current().revision();
      if (routing.stale()) {
        AdminHttpServer.respond(ex, 503, "text/plain", "not ready: the routing table is stale (revision " + revision
            + (revision > 0 ? ", the last known good" : "") + "); is the cluster reachable?\n");
      } else {
        AdminHttpServer.respond(ex, 200, "text/plain", "ready: routing at revision " + revision + "\n");
      }
    });
    http.createContext("/metrics", ex -> AdminHttpServer.respond(ex, 200,
        "text/plain; version=0.0.4; charset=utf-8", meters.scrape()));
    http.createContext("/control/routes", getOnly(ex -> JsonReplies.ok(ex, routing.current().toSnapshot())));
    http.createContext("/control/backpressure", getOnly(ex -> JsonReplies.ok(ex, Backpressure.of(load.get()))));
    http.createContext("/control/status", getOnly(ex -> JsonReplies.ok(ex, status())));
    http.start();
  }

  private Status status() {
    boolean stale = routing.stale();
    RoutingTable table = routing.current();
    long clusterRevision = routing.clusterRevision();
    RegistrySnapshotResponse snapshot = table.toSnapshot();
    Backpressure backpressure = Backpressure.of(load.get());
    return new Status(!stale, stale, table.revision(), clusterRevision, Math.max(0, clusterRevision - table.revision()),
        snapshot.getNamespacesCount(), snapshot.getShardsCount(), snapshot.getNodesCount(), backpressure.inFlight(),
        backpressure.queued(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos), table.cluster(),
        table.epoch());
  }

  /** The handler for GET; any other method gets 405 in the admin server's error format. */
  private static HttpHandler getOnly(HttpHandler handler) {
    return (HttpExchange ex) -> {
      if ("GET".equals(ex.getRequestMethod())) {
        handler.handle(ex);
      } else {
        JsonReplies.error(ex, 405, ErrorCode.INVALID_ARGUMENT, "use GET", "");
      }
    };
  }

  int port() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
