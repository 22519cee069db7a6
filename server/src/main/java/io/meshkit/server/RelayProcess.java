package io.meshkit.server;

import io.meshkit.client.MeshkitClient;
import io.meshkit.relay.proxy.RelayProxy;
import io.meshkit.relay.routing.LastKnownGood;
import io.meshkit.relay.routing.RoutingFollower;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.Optional;

/**
 * A standalone relay: the client to the cluster, the routing follower (with its last known good file
 * in the data dir), the proxy and the admin server. Wiring only.
 */
public final class RelayProcess implements AutoCloseable {
  private final MeshkitClient client;
  private final RoutingFollower routing;
  private final RelayProxy proxy;
  private final RelayAdmin admin;

  private RelayProcess(MeshkitClient client, RoutingFollower routing, RelayProxy proxy, RelayAdmin admin) {
    this.client = client;
    this.routing = routing;
    this.proxy = proxy;
    this.admin = admin;
  }

  /** Checks the addresses are free, then starts every part; returns once the proxy listens. */
  public static RelayProcess start(RelayConfig.Resolved config) throws ConfigException, IOException,
      InterruptedException {
    Addresses.requireFree(config.listen(), "relay listen address");
    if (!config.admin().isEmpty()) {
      Addresses.requireFree(config.admin(), "relay admin address");
    }
    MeshkitClient client = MeshkitClient.builder().endpoints(config.endpoints()).build();
    RoutingFollower routing;
    try {
      routing = new RoutingFollower(client, "", Optional.of(new LastKnownGood(config.dataDir().resolve("routes.pb"))));
    } catch (IllegalStateException | java.io.UncheckedIOException e) {
      client.close();
      throw new ConfigException(e.getMessage());
    }
    routing.start();
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    RelayProxy proxy = RelayProxy.start(config.listen(), config.rules(), routing, config.settings(),
        new RelayMeters(meters, routing));
    RelayAdmin admin = config.admin().isEmpty() ? null : new RelayAdmin(config.admin(), routing, proxy::load, meters);
    return new RelayProcess(client, routing, proxy, admin);
  }

  public int port() {
    return proxy.port();
  }

  public RelayProxy proxy() {
    return proxy;
  }

  public RoutingFollower routing() {
    return routing;
  }

  /** Stops accepting requests, then the follower (saving the table) and the client. */
  @Override
  public void close() {
    proxy.close();
    if (admin != null) {
      admin.close();
    }
    routing.close();
    client.close();
  }
}
