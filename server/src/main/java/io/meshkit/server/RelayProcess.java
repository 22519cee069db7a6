package io.meshkit.server;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.meshkit.client.MeshkitClient;
import io.meshkit.client.TlsMaterial;
import io.meshkit.gossip.GossipConfig;
import io.meshkit.gossip.GossipNode;
import io.meshkit.relay.health.GossipLiveness;
import io.meshkit.relay.health.NodeLiveness;
import io.meshkit.relay.health.RelayLoadPublisher;
import io.meshkit.relay.proxy.RelayProxy;
import io.meshkit.relay.routing.LastKnownGood;
import io.meshkit.relay.routing.RoutingFollower;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A relay: the client to the cluster, the routing follower (with its last known good file in the data
 * dir), gossip (its own, standalone with a {@code gossip:} section; the server's, inside a server) for
 * owner liveness and to publish its load every second, the proxy and the admin server. Wiring only.
 */
public final class RelayProcess implements AutoCloseable {
  private static final long PUBLISH_EVERY_MS = 1000;
  /** How often the relay reads the transport policy (its protocol rules lag a change by at most this). */
  private static final long POLICY_EVERY_MS = 2000;

  private final MeshkitClient client;
  private final RoutingFollower routing;
  private final RelayProxy proxy;
  private final RelayAdmin admin;
  /** Gossip this relay started (and stops); empty inside a server or without gossip. */
  private final Optional<GossipNode> ownGossip;
  private final ScheduledExecutorService publisher;
  /** The standalone relay's TLS towards the members (clusterTls), watched for rotation; empty inside a server. */
  private final Optional<TlsMaterial> ownTls;
  /** The standalone relay's TLS on its own listen and admin ports ({@code tls}), watched for rotation. */
  private final Optional<TlsMaterial> servingTls;
  /** The relay's metrics (its admin server's /metrics). */
  private final PrometheusMeterRegistry meters;
  private volatile ConfigReloader<?> reloader;

  private RelayProcess(MeshkitClient client, RoutingFollower routing, RelayProxy proxy, RelayAdmin admin,
      Optional<GossipNode> ownGossip, ScheduledExecutorService publisher, Optional<TlsMaterial> ownTls,
      Optional<TlsMaterial> servingTls, PrometheusMeterRegistry meters) {
    this.meters = meters;
    this.ownTls = ownTls;
    this.servingTls = servingTls;
    this.client = client;
    this.routing = routing;
    this.proxy = proxy;
    this.admin = admin;
    this.ownGossip = ownGossip;
    this.publisher = publisher;
  }

  /** A standalone relay: its own gossip when the config has a gossip section. */
  public static RelayProcess start(RelayConfig.Resolved config) throws ConfigException, IOException,
      InterruptedException {
    Optional<TlsMaterial> tls = config.clusterTls().isEmpty() ? Optional.empty()
        : Optional.of(config.clusterTls().get().load());
    ChannelCredentials credentials = tls.map(TlsMaterial::channelCredentials)
        .orElseGet(InsecureChannelCredentials::create);
    Optional<GossipNode> gossip = Optional.empty();
    if (config.gossip().isPresent()) {
      RelayConfig.GossipSettings g = config.gossip().get();
      Addresses.requireFree(g.address(), "relay gossip address");
      gossip = Optional.of(GossipNode.start(GossipConfig.defaults(), g.cluster(), g.id(), g.address(), g.advertise(),
          g.seeds(), g.key()));
    }
    try {
      return start(config, gossip, Map.of(), gossip, credentials, tls);
    } catch (ConfigException | IOException | RuntimeException e) {
      gossip.ifPresent(GossipNode::close);
      tls.ifPresent(TlsMaterial::close);
      throw e;
    }
  }

  /**
   * The relay inside a server: liveness from the server's gossip, and its load published beside the
   * server's own metadata ({@code serverMetadata}).
   */
  public static RelayProcess startInServer(RelayConfig.Resolved config, Optional<GossipNode> serverGossip,
      Map<String, String> serverMetadata, ChannelCredentials memberCalls) throws ConfigException, IOException,
      InterruptedException {
    return start(config, serverGossip, serverMetadata, Optional.empty(), memberCalls, Optional.empty());
  }

  /** Checks the addresses are free, then starts every part; returns once the proxy listens. */
  private static RelayProcess start(RelayConfig.Resolved config, Optional<GossipNode> gossip,
      Map<String, String> baseMetadata, Optional<GossipNode> ownGossip, ChannelCredentials credentials,
      Optional<TlsMaterial> ownTls) throws ConfigException, IOException, InterruptedException {
    Addresses.requireFree(config.listen(), "relay listen address");
    if (!config.admin().isEmpty()) {
      Addresses.requireFree(config.admin(), "relay admin address");
    }
    MeshkitClient client = MeshkitClient.builder().endpoints(config.endpoints()).credentials(credentials).build();
    RoutingFollower routing;
    try {
      // Clients of other clusters (a federation's new primary) get the same credentials.
      routing = new RoutingFollower(client, endpoints -> MeshkitClient.builder().endpoints(endpoints)
          .credentials(credentials).build(), "", Optional.of(new LastKnownGood(config.dataDir().resolve("routes.pb"))));
    } catch (IllegalStateException | java.io.UncheckedIOException e) {
      client.close();
      throw new ConfigException(e.getMessage());
    }
    routing.start();
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    NodeLiveness liveness = gossip.<NodeLiveness>map(GossipLiveness::new).orElse(NodeLiveness.NONE);
    RelayMeters relayMeters = new RelayMeters(meters, routing);
    Optional<TlsMaterial> serving = config.tls().map(s -> s.material(false));
    TlsSettings.ClientAuth clientAuth = config.tls().map(TlsSettings::clientAuth).orElse(TlsSettings.ClientAuth.NONE);
    RelayProxy proxy;
    RelayAdmin admin;
    try {
      proxy = RelayProxy.start(config.listen(), config.rules(), routing, liveness, config.settings(), relayMeters,
          serving.map(m -> TlsServing.netty(m, clientAuth)));
      admin = config.admin().isEmpty() ? null : new RelayAdmin(config.admin(), routing, proxy::load, meters,
          serving.map(m -> TlsServing.https(m, clientAuth)));
    } catch (IOException | InterruptedException | RuntimeException e) {
      serving.ifPresent(TlsMaterial::close);
      routing.close();
      client.close();
      throw e;
    }
    relayMeters.bindLoad(proxy::load);
    ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "relay-load-publisher");
      t.setDaemon(true);
      return t;
    });
    boolean inServer = !baseMetadata.isEmpty(); // the server's own metadata; a standalone relay has none
    RelayPolicyFollower policy = new RelayPolicyFollower(client, proxy.protocols(),
        p -> TransportPolicyCheck.relay(p, config, inServer), meters);
    publisher.scheduleWithFixedDelay(policy::poll, 0, POLICY_EVERY_MS, TimeUnit.MILLISECONDS);
    gossip.ifPresent(g -> {
      RelayLoadPublisher load = new RelayLoadPublisher(g, baseMetadata, proxy::load, routing);
      publisher.scheduleWithFixedDelay(load::publish, 0, PUBLISH_EVERY_MS, TimeUnit.MILLISECONDS);
    });
    return new RelayProcess(client, routing, proxy, admin, ownGossip, publisher, ownTls, serving, meters);
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

  /** Closes {@code reloader} (its config file watch) with the relay. */
  void watchConfig(ConfigReloader<?> reloader) {
    this.reloader = reloader;
  }

  /** The relay's metric registry. */
  PrometheusMeterRegistry meters() {
    return meters;
  }

  /** Stops accepting requests, then the follower (saving the table), gossip (leaving) and the client. */
  @Override
  public void close() {
    if (reloader != null) {
      reloader.close();
    }
    proxy.close();
    if (admin != null) {
      admin.close();
    }
    publisher.shutdownNow();
    routing.close();
    ownGossip.ifPresent(g -> {
      try {
        g.leave(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      g.close();
    });
    client.close();
    ownTls.ifPresent(TlsMaterial::close);
    servingTls.ifPresent(TlsMaterial::close);
  }
}
