package io.meshkit.server;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.meshkit.access.bootstrap.BootstrapService;
import io.meshkit.access.bootstrap.JoinTokenCommandHandler;
import io.meshkit.access.policy.TransportPolicyCommandHandler;
import io.meshkit.access.policy.TransportPolicyView;
import io.meshkit.federation.api.FederationService;
import io.meshkit.federation.descriptors.FederationCommandHandler;
import io.meshkit.federation.failover.FailoverOrchestrator;
import io.meshkit.federation.replication.Replicator;
import io.meshkit.access.rbac.AccessCommandHandler;
import io.meshkit.access.rbac.AccessView;
import io.meshkit.access.rbac.AuthService;
import io.meshkit.access.rbac.Authorizer;
import io.meshkit.client.MeshkitClient;
import io.meshkit.gossip.GossipConfig;
import io.meshkit.gossip.GossipNode;
import io.meshkit.gossip.MembershipService;
import io.meshkit.leadership.election.ElectionCommandHandler;
import io.meshkit.leadership.election.ElectionService;
import io.meshkit.leadership.lease.LeaseService;
import io.meshkit.leadership.lease.Leases;
import io.meshkit.leadership.election.LocalCandidacy;
import io.meshkit.proto.v1.Fence;
import io.meshkit.raft.RaftNode;
import io.meshkit.rebalancer.api.RebalanceService;
import io.meshkit.rebalancer.control.GossipHealth;
import io.meshkit.rebalancer.control.RebalanceController;
import io.meshkit.rebalancer.control.RebalancePlanning;
import io.meshkit.rebalancer.plan.RebalancePlanner;
import io.meshkit.rebalancer.plan.ScoringAdapters;
import io.meshkit.rebalancer.state.RebalanceCommandHandler;
import io.meshkit.registry.kv.KvCommandHandler;
import io.meshkit.registry.kv.KvService;
import io.meshkit.registry.kv.WatchService;
import io.meshkit.registry.shards.RegistryCommandHandler;
import io.meshkit.registry.shards.RegistryService;
import io.meshkit.registry.shards.RegistryWatches;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MeshKit member: the Raft node with every domain's handlers, the client gRPC server and the admin
 * HTTP server. Wiring only — behaviour lives in the modules it assembles.
 */
public final class MeshkitServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MeshkitServer.class);
  /** How long a stopping member keeps gossiping its leave before it closes the socket. */
  private static final long LEAVE_SPREAD_MS = 300;
  /** The most request metadata (headers, names and values together) a client call may carry. */
  private static final int MAX_METADATA_BYTES = 8 * 1024;

  private final ServerConfig.Resolved config;
  private final RaftNode node;
  private final Server grpc;
  private final WatchService watchService;
  /** Closed with the member, before the Raft node: the lease reaper, metric watches. */
  private final List<AutoCloseable> domains;
  private final AdminHttpServer admin;
  /** The settings a config reload may change; set once by {@link #start}. */
  private LiveSettings live;
  private volatile ConfigReloader<ServerConfig.Resolved> reloader;
  /** The relay running inside this member (config {@code relay:}), if any; closed first. */
  private volatile RelayProcess relay;
  /** The member's lease API (what its own candidacies keep their leases with). */
  private LeaseService leaseService;

  private MeshkitServer(ServerConfig.Resolved config, RaftNode node, Server grpc, WatchService watchService,
      List<AutoCloseable> domains, AdminHttpServer admin) {
    this.config = config;
    this.node = node;
    this.grpc = grpc;
    this.watchService = watchService;
    this.domains = domains;
    this.admin = admin;
  }

  /**
   * Checks the environment (data dir writable, ports free), then starts every part. Returns once the
   * servers listen; a leader may not be elected yet.
   *
   * @param onFatal called when the state machine hit an internal failure and stopped
   */
  public static MeshkitServer start(ServerConfig.Resolved config, Consumer<Throwable> onFatal)
      throws ConfigException, IOException {
    LogLevels.apply(config.logLevels());  // before Ratis starts talking
    requireWritable(config.raft().dataDir());
    Addresses.requireFree(config.self().clientAddress(), "client address");
    Addresses.requireFree(config.self().raftAddress(), "raft address");
    if (!config.self().adminAddress().isEmpty()) {
      Addresses.requireFree(config.self().adminAddress(), "admin address");
    }
    if (!config.self().gossipAddress().isEmpty()) {
      Addresses.requireFreeUdp(config.self().gossipAddress(), "gossip address");
    }
    if (config.relay().isPresent()) {
      Addresses.requireFree(config.relay().get().listen(), "relay listen address");
    }
    if (!config.bootstrap().address().isEmpty()) {
      Addresses.requireFree(config.bootstrap().address(), "bootstrap address");
    }
    Optional<GossipNode> gossip = startGossip(config);
    MeshkitServer server;
    MemberTls tls = new MemberTls(config.tls());
    try {
      server = assemble(config, onFatal, gossip, tls);
    } catch (ConfigException | IOException | RuntimeException e) {
      gossip.ifPresent(GossipNode::close);
      tls.close();
      throw e;
    }
    if (config.relay().isPresent()) {
      try {
        server.relay = RelayProcess.startInServer(config.relay().get(), gossip, gossipMetadata(config.self()),
            tls.calls());
        LOG.info("relay serving on {}, admin on {}", config.relay().get().listen(),
            config.relay().get().admin().isEmpty() ? "(off)" : config.relay().get().admin());
      } catch (ConfigException | IOException | RuntimeException e) {
        server.close();
        throw e;
      } catch (InterruptedException e) {
        server.close();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting the relay", e);
      }
    }
    return server;
  }

  /** What the member says about itself in gossip: its role and its client and admin addresses. */
  private static Map<String, String> gossipMetadata(PeerConfig self) {
    return Map.of("role", "server", "client", self.clientAddress(), "admin", self.adminAddress());
  }

  /** Starts everything but gossip (already running, or off). */
  private static MeshkitServer assemble(ServerConfig.Resolved config, Consumer<Throwable> onFatal,
      Optional<GossipNode> gossip, MemberTls tls) throws ConfigException, IOException {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    NodeMetrics metrics = new NodeMetrics(meters);
    LeaseMeters leaseMeters = new LeaseMeters(meters);
    KvCommandHandler kv = new KvCommandHandler();
    ElectionCommandHandler elections = new ElectionCommandHandler();
    Leases leases = new Leases(List.of(kv, elections), Leases.Settings.defaults(), leaseMeters);
    RaftNode node = RaftNode.start(config.raft(), List.of(kv, leases.handler(), elections,
        new RegistryCommandHandler(), new RebalanceCommandHandler(), new FederationCommandHandler(),
        new AccessCommandHandler(), new JoinTokenCommandHandler(), new TransportPolicyCommandHandler()), metrics, onFatal, tls.raftPeers());
    AccessView access = AccessView.follow(node);
    TransportPolicyView policy = TransportPolicyView.follow(node);
    MemberPolicyCompliance compliance = MemberPolicyCompliance.follow(config, policy, meters);
    Authorizer authorizer = new Authorizer(access, tls.memberNames(),
        denial -> meters.counter("meshkit.auth.denials", "call", denial.getCall()).increment());
    leases.attach(node);
    leaseMeters.bind(leases);
    ElectionService electionService = new ElectionService(node);
    ElectionMeters electionMeters = new ElectionMeters(meters);
    electionMeters.bind(node, electionService);
    WatchService watchService = new WatchService(node, config.watchProgressInterval());
    MembershipService membership = new MembershipService(config.self().id(), gossip);
    new GossipMeters(meters, gossip);
    RegistryWatches registryWatches = new RegistryWatches(node, config.watchProgressInterval());
    RegistryService registry = new RegistryService(node, registryWatches);
    LeaseService leaseService = new LeaseService(leases);
    RebalancePlanning planning = new RebalancePlanning(new RebalancePlanner(ScoringAdapters.load()),
        new GossipHealth(gossip));
    RebalanceService rebalance = new RebalanceService(node, planning);
    FederationService federation = new FederationService(node);
    BootstrapService bootstrap = BootstrapPort.service(config, node);
    LiveSettings live = new LiveSettings(config, meters);
    MemberDirectory directory = new MemberDirectory(node, config.members());
    Optional<BootstrapPort> bootstrapPort = Optional.empty();
    Server grpc = null;
    AdminHttpServer admin = null;
    try {
      ClientEdge edge = new ClientEdge(List.of(new CallerInterceptor(access), new AuthorizationInterceptor(authorizer),
          new RateLimitInterceptor(live.rateLimits(), meters,
              caller -> authorizer.rolesOf(caller).contains(io.meshkit.access.rbac.BuiltinRoles.MEMBER)),
          new EncodingPolicyInterceptor(policy), new GrpcMetricsInterceptor(meters)));
      grpc = NettyServerBuilder.forAddress(Addresses.parse(config.self().clientAddress()), tls.grpcServer())
          .maxInboundMessageSize(config.raft().limits().maxCommandBytes() + (1 << 20))
          .maxInboundMetadataSize(MAX_METADATA_BYTES)
          .addService(edge.wrap(new KvService(node)))
          .addService(edge.wrap(watchService))
          .addService(edge.wrap(new ClusterService(node, directory)))
          .addService(edge.wrap(leaseService))
          .addService(edge.wrap(electionService))
          .addService(edge.wrap(registry))
          .addService(edge.wrap(membership))
          .addService(edge.wrap(rebalance))
          .addService(edge.wrap(federation))
          .addService(edge.wrap(bootstrap))
          .addService(edge.wrap(new AuthService(node, authorizer, tls.whyCallersAreUnidentified())))
          .addService(edge.wrap(new PolicyService(node, policy, compliance)))
          .addService(edge.wrap(new MemberReadsService(node)))
          .addService(edge.wrap(new MaintenanceService(node)))
          .build().start();
      metrics.bind(node, watchService::activeWatches);
      if (!config.self().adminAddress().isEmpty()) {
        admin = new AdminHttpServer(config.self().adminAddress(), node, meters, live::readyMaxLag, registry,
            new PeersRest(membership, gossip), rebalance, federation, tls.adminHttps(), authorizer,
            metrics::refreshFollowers);
      }
      bootstrapPort = BootstrapPort.start(config, tls, bootstrap);
    } catch (IOException | RuntimeException e) {
      if (grpc != null) {
        grpc.shutdownNow();
      }
      if (admin != null) {
        admin.close();
      }
      watchService.close();
      registryWatches.close();
      leases.close();
      electionMeters.close();
      access.close();
      policy.close();
      node.close();
      throw e;
    }
    LOG.info("member {} of cluster {} serving clients on {}, raft on {}, admin on {}", config.self().id(),
        config.raft().clusterName(), config.self().clientAddress(), config.self().raftAddress(),
        config.self().adminAddress().isEmpty() ? "(off)" : config.self().adminAddress());
    PeerReadsClient peerReads = new PeerReadsClient(directory::clientAddress,
        config.raft().requestTimeout(), tls.calls());
    node.usePeerReads(peerReads);
    RebalanceController controller = new RebalanceController(node, new LocalCandidacy(node, leaseService,
        RebalanceCommandHandler.CONTROLLER_SCOPE, config.self().id(), RebalanceController.Settings.defaults().leaseTtl()),
        planning, new RebalanceMeters(meters), RebalanceController.Settings.defaults()).start();
    LocalCandidacy federationOffice = new LocalCandidacy(node, leaseService, FederationCommandHandler.FEDERATION_SCOPE,
        config.self().id(), RebalanceController.Settings.defaults().leaseTtl());
    Replicator.Office office = new Replicator.Office() {
      @Override
      public Optional<Fence> hold() {
        federationOffice.refresh();
        return federationOffice.fence();
      }

      @Override
      public String problem() {
        return federationOffice.problem();
      }
    };
    Function<List<String>, MeshkitClient> clusterClients = endpoints -> MeshkitClient.builder().endpoints(endpoints)
        .credentials(tls.calls()).build();
    Replicator replicator = new Replicator(node, config.raft().clusterName(), office, clusterClients,
        Replicator.Settings.defaults()).start();
    FailoverOrchestrator failovers = new FailoverOrchestrator(node, config.raft().clusterName(), office,
        clusterClients, replicator::status, config.raft().requestTimeout().multipliedBy(4));
    federation.useOrchestrator(failovers);
    FederationMeters.bind(meters, replicator::status);
    if (admin != null) {
      admin.replication(replicator::status);
      admin.policy(compliance::policy, compliance::violations);
    }
    // A node that joins, leaves or dies is a reason to evaluate at once (metadata changes are not).
    gossip.ifPresent(g -> g.addListener((before, after) -> {
      if (before == null || before.status() != after.status()) {
        controller.trigger();
      }
    }));
    // The controller first: it gives its office up (revokes its lease) while the member still runs.
    List<AutoCloseable> domains = new java.util.ArrayList<>(List.of(controller, failovers, replicator,
        federationOffice, registryWatches, leases, electionMeters, peerReads, access, policy, tls));
    // A member that stops (SIGTERM) announces it: peers see it "left" at once, not "dead" after a suspicion.
    gossip.ifPresent(g -> domains.add(() -> g.leave(LEAVE_SPREAD_MS)));
    bootstrapPort.ifPresent(port -> domains.add(0, port));
    // Synthetic probes (config probe:) call the members as this member does, onto its own /metrics.
    config.probe().ifPresent(probe -> domains.add(0, ProbeRunner.start(probe, MeshkitClient.builder()
        .endpoints(probe.endpoints()).callTimeout(probe.timeout()).credentials(tls.calls()).build(), meters)));
    MeshkitServer server = new MeshkitServer(config, node, grpc, watchService, List.copyOf(domains), admin);
    server.leaseService = leaseService;
    server.live = live;
    return server;
  }

  /**
   * The member's gossip, when it has a gossip address: seeded with the other members' gossip
   * addresses, publishing its role and client and admin addresses as metadata.
   */
  private static Optional<GossipNode> startGossip(ServerConfig.Resolved config) throws IOException {
    PeerConfig self = config.self();
    if (self.gossipAddress().isEmpty()) {
      return Optional.empty();
    }
    try {
      GossipNode node = GossipNode.start(GossipConfig.defaults(), config.raft().clusterName(), self.id(),
          self.gossipAddress(), self.gossipAddress(), config.gossipSeeds(), config.gossipKey());
      node.setMetadata(gossipMetadata(self));
      return Optional.of(node);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting gossip", e);
    }
  }

  private static void requireWritable(Path dir) throws ConfigException {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".write-probe", "");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new ConfigException("data dir " + dir + " is not writable (" + e.getMessage()
          + "): choose another dataDir or fix its permissions");
    }
  }

  public RaftNode node() {
    return node;
  }

  /** The member's lease API (for tests of member-side candidacies). */
  LeaseService leaseService() {
    return leaseService;
  }

  public ServerConfig.Resolved config() {
    return config;
  }

  /** The bound client gRPC port. */
  public int clientPort() {
    return grpc.getPort();
  }

  /**
   * Watches {@code file} (this member's --config) every {@code interval} and applies what may change
   * while the member runs — {@code rateLimit}, {@code readyMaxLag}, {@code logLevels} — refusing the
   * rest with the reason (see {@link ConfigReloader}); {@code /control/config} shows the last reload.
   *
   * @param running the config the member started with, as written
   * @param loader the file and the member's flags, loaded and validated as at start
   */
  public void watchConfig(Path file, ServerConfig running, ConfigReloader.Loader<ServerConfig.Resolved> loader,
      Duration interval) {
    reloader = new ConfigReloader<>(file, new ConfigReloader.Loaded<>(running, config), loader, live.appliers(),
        live.meters()).start(interval);
    if (admin != null) {
      admin.serveConfigReport(reloader::report);
    }
  }

  /** Stops accepting calls, ends watches, then stops the Raft member. Idempotent. */
  @Override
  public synchronized void close() {
    if (grpc.isShutdown()) {
      return;
    }
    if (reloader != null) {
      reloader.close();
    }
    if (relay != null) {
      relay.close();
    }
    grpc.shutdown();
    watchService.close();
    for (AutoCloseable domain : domains) {
      try {
        domain.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", domain.getClass().getSimpleName(), e.toString());
      }
    }
    try {
      node.close();
    } catch (IOException e) {
      LOG.warn("closing the raft node failed: {}", e.toString());
    }
    try {
      if (!grpc.awaitTermination(2, TimeUnit.SECONDS)) {
        grpc.shutdownNow();
      }
    } catch (InterruptedException e) {
      grpc.shutdownNow();
      Thread.currentThread().interrupt();
    }
    if (admin != null) {
      admin.close();
    }
  }
}
