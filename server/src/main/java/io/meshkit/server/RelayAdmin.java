package io.meshkit.server;

import com.sun.net.httpserver.HttpServer;
import io.meshkit.relay.routing.RoutingFollower;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;

/**
 * The relay's admin HTTP endpoints: {@code /healthz}, {@code /readyz} (503 while the routing table is
 * stale: no snapshot since the start, or the watch was lost), {@code /metrics} (Prometheus) and
 * {@code /control/routes} (the current table: namespaces, shards, nodes and its revision, as JSON).
 */
final class RelayAdmin implements AutoCloseable {
  private final HttpServer http;

  RelayAdmin(String address, RoutingFollower routing, PrometheusMeterRegistry meters) throws IOException {
    http = HttpServer.create(Addresses.parse(address), 16);
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
    http.createContext("/control/routes", ex -> JsonReplies.ok(ex, routing.current().toSnapshot()));
    http.start();
  }

  int port() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
