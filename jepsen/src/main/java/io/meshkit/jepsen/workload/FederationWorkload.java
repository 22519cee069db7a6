package io.meshkit.jepsen.workload;

import io.meshkit.client.MeshkitClient;
import io.meshkit.jepsen.History;
import io.meshkit.jepsen.ShardState;
import io.meshkit.jepsen.cluster.DockerCluster;
import io.meshkit.jepsen.cluster.MeshkitProgram;
import io.meshkit.jepsen.cluster.TestCluster;
import io.meshkit.jepsen.federation.FederationChecker;
import io.meshkit.jepsen.nemesis.Nemeses;
import io.meshkit.jepsen.nemesis.Nemesis;
import io.meshkit.jepsen.nemesis.RoundsNemesis;
import io.meshkit.jepsen.registry.RegistryChecker;
import io.meshkit.jepsen.registry.RegistryResult;
import io.meshkit.jepsen.report.CheckSection;
import io.meshkit.proto.v1.AuditRecord;
import io.meshkit.proto.v1.ListAuditRequest;
import io.meshkit.proto.v1.ListShardsRequest;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.NamespacePolicy;
import io.meshkit.proto.v1.RebalanceMode;
import io.meshkit.proto.v1.Shard;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Federation (MeshKit only): the suite's cluster is the primary {@code eu}; set-up starts a standby
 * {@code us} (one member, its own Raft group) on the same network, registers both descriptors on both
 * clusters, and a namespace of {@link #SHARDS} shards (one replica, exported, rebalancing dry-run)
 * whose registry nodes live on eu, and waits for us's first copy. Client processes, bound to one eu
 * member each, transfer shards at the epoch they last read (reading first when they have not, or after
 * a transfer that did not apply) — recorded as the registry workload records them.
 *
 * <p>Faults: those selected with {@code --nemesis} on eu's members, plus faults between the clusters
 * ({@link Nemeses#federation()}: every eu node cut from us, kill -9 and SIGSTOP of us's member), in
 * rounds so that a short run sees each kind ({@link RoundsNemesis}); naming any of those with
 * {@code --nemesis} runs exactly the selection instead.
 *
 * <p>While the clients run, a {@link ReplicationProbe} samples us's replicator for the report (how long
 * the faults held its checkpoint still). After the heal: us healthy again, one linearizable read of
 * every shard on eu, then a bounded wait ({@link #CATCH_UP}) for us's copy to equal eu's; then both
 * clusters' shards and us's audit trail of the namespace are fetched and judged by
 * {@link FederationChecker} (copy equals source, exactly once, no acknowledged transfer lost), and eu's
 * answers by {@link RegistryChecker}. {@code federation.txt} in the run directory has the per-shard
 * epoch trail.
 */
public final class FederationWorkload implements Workload {
  static final int SHARDS = 4;
  /** The standby's cluster name (its federation id) and its members' prefix: us1. */
  static final String STANDBY = "us";
  /** us1 gets host address .21 of the suite's network (eu's members are .11 to .13). */
  private static final int STANDBY_FIRST_HOST = 20;
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration STANDBY_READY = Duration.ofSeconds(120);
  /** How long the standby may take after the heal to copy what eu holds. */
  static final Duration CATCH_UP = Duration.ofSeconds(60);

  /** Per client thread, each shard as that thread last saw it: what its transfers expect. */
  private final Map<Integer, Map<Integer, ShardState>> lastSeen = new ConcurrentHashMap<>();
  private volatile DockerCluster standby;
  private volatile List<Shard> primaryShards = List.of();
  private volatile List<Shard> standbyShards = List.of();
  private volatile List<AuditRecord> standbyAudit = List.of();
  private volatile String replicationStatus = "";
  private volatile String catchUp = "";
  private volatile ReplicationProbe probe;

  @Override
  public String name() {
    return "federation";
  }

  private static String namespace(WorkloadContext ctx) {
    return ctx.runName();
  }

  @Override
  public void setUp(TestCluster<?> cluster, WorkloadContext ctx) throws IOException, InterruptedException {
    if (!(cluster instanceof DockerCluster containers && containers.program() instanceof MeshkitProgram program)) {
      throw new IllegalArgumentException("the federation workload runs against MeshKit in containers only");
    }
    // Dry-run rebalancing: every change of owner is a client's transfer, in the history.
    RegistrySetup.create(ctx.endpoints(), CALL_TIMEOUT, RegistrySetup.NODES, Namespace.newBuilder()
        .setName(namespace(ctx)).setShardCount(SHARDS).setReplicationFactor(1).setPolicy(NamespacePolicy.newBuilder()
            .setMode(RebalanceMode.REBALANCE_DRY_RUN).setFederationExport(true)).build());
    standby = containers.startPeer(program.named(STANDBY), STANDBY, 1, STANDBY_FIRST_HOST, ctx.runDir().resolve("standby"),
        STANDBY_READY);
    for (List<String> members : List.of(ctx.endpoints(), standby.endpoints())) {
      FederationSetup.describe(members, MeshkitProgram.PRIMARY, ctx.endpoints(), STANDBY, standby.endpoints());
    }
    FederationSetup.awaitFirstCopy(standby.endpoints(), namespace(ctx), SHARDS);
  }

  @Override
  public Nemesis nemesis(Nemesis selected) {
    if (selected == null || Nemeses.actsBetweenClusters(selected)) {
      return selected;
    }
    List<Nemesis> members = new ArrayList<>();
    members.add(selected);
    members.addAll(Nemeses.federation());
    return new RoundsNemesis(members);
  }

  @Override
  public void run(WorkloadContext ctx) throws InterruptedException {
    probe = new ReplicationProbe(standby.endpoints().get(0)).start();
    try {
      ProcessPool.run(ctx, endpoint -> new RegistryNodeClient(endpoint, CALL_TIMEOUT), (process, client, random) -> {
        Map<Integer, ShardState> seen = lastSeen.computeIfAbsent(process % ctx.concurrency(), t -> new HashMap<>());
        int shard = random.nextInt(SHARDS);
        return seen.containsKey(shard)
            ? ShardOps.transfer(ctx, namespace(ctx), process, client, seen,
                ShardOps.pickTarget(seen.get(shard), RegistrySetup.NODES, random))
            : ShardOps.read(ctx, namespace(ctx), process, client, seen, shard, false);
      });
    } finally {
      probe.stop();
    }
  }

  /**
   * us healthy; every shard read on eu; the bounded wait for us's copy to equal eu's; then what the
   * checker needs, fetched from both.
   */
  @Override
  public void finish(WorkloadContext ctx) throws InterruptedException {
    standby.awaitHealthy(Duration.ofSeconds(90));
    ShardOps.readAll(ctx, namespace(ctx), SHARDS, CALL_TIMEOUT);
    try (MeshkitClient eu = FederationSetup.client(ctx.endpoints());
         MeshkitClient us = FederationSetup.client(standby.endpoints())) {
      long started = System.nanoTime();
      long deadline = started + CATCH_UP.toNanos();
      boolean equal = false;
      while (!equal && System.nanoTime() < deadline) {
        try {
          primaryShards = shards(eu, namespace(ctx));
          standbyShards = shards(us, namespace(ctx));
          equal = ownersAndEpochs(primaryShards).equals(ownersAndEpochs(standbyShards));
        } catch (RuntimeException notAnswering) {
          // a member still catching up after the heal: ask again
        }
        if (!equal) {
          TimeUnit.MILLISECONDS.sleep(250);
        }
      }
      long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      catchUp = equal ? "the standby's copy equalled the primary's " + waited + " ms after the final reads"
          : "the standby's copy still differed from the primary's " + waited + " ms after the final reads";
      standbyAudit = us.registry().listAllAudit(ListAuditRequest.newBuilder().setTargetPrefix("shard/"
          + namespace(ctx)).setLimit(1000).build(), 0);
    }
    replicationStatus = ReplicationProbe.status(standby.endpoints().get(0));
  }

  private static List<Shard> shards(MeshkitClient client, String namespace) {
    return client.registry().listShards(ListShardsRequest.newBuilder().setNamespace(namespace).build())
        .getShardsList();
  }

  private static Map<Integer, String> ownersAndEpochs(List<Shard> shards) {
    Map<Integer, String> out = new HashMap<>();
    shards.forEach(s -> out.put(s.getShardId(), s.getOwner() + "@" + s.getEpoch()));
    return out;
  }

  @Override
  public List<CheckSection> check(History history, WorkloadContext ctx) throws IOException {
    FederationChecker.Result copy = new FederationChecker().check(namespace(ctx), primaryShards, standbyShards,
        standbyAudit, history);
    RegistryResult primary = new RegistryChecker().check(history);
    String detail = copy.describe() + "\n" + (probe == null ? "" : probe.describe() + "\n") + catchUp
        + "\nthe standby's replication status then: " + replicationStatus + "\n\n" + copy.detail();
    Files.writeString(ctx.runDir().resolve("federation.txt"), detail + "\n");
    return List.of(
        new CheckSection("federation: the standby's copy equals the primary's, every change replicated exactly once, "
            + "no acknowledged transfer lost", copy.verdict(), copy.anomalies(), detail),
        new CheckSection("federation primary's answers: one owner per epoch, epochs only grow, one winner per epoch, "
            + "no phantom epochs, linearizable answers", primary.verdict(), primary.anomalies(), primary.describe()));
  }

  @Override
  public void tearDown() {
    if (standby != null) {
      standby.close();
    }
  }
}
