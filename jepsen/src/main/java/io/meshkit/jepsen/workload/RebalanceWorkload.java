package io.meshkit.jepsen.workload;

import io.meshkit.client.MeshkitClient;
import io.meshkit.jepsen.History;
import io.meshkit.jepsen.ShardState;
import io.meshkit.jepsen.registry.RebalanceAuditCheck;
import io.meshkit.jepsen.registry.RegistryChecker;
import io.meshkit.jepsen.registry.RegistryResult;
import io.meshkit.jepsen.report.CheckSection;
import io.meshkit.proto.v1.AuditRecord;
import io.meshkit.proto.v1.GetRebalancePlanRequest;
import io.meshkit.proto.v1.ListAuditRequest;
import io.meshkit.proto.v1.ListRebalancePlansRequest;
import io.meshkit.proto.v1.ListShardsRequest;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.NamespacePolicy;
import io.meshkit.proto.v1.NodeState;
import io.meshkit.proto.v1.Peer;
import io.meshkit.proto.v1.RebalanceMode;
import io.meshkit.proto.v1.RebalancePlan;
import io.meshkit.proto.v1.SetNodeStateRequest;
import io.meshkit.proto.v1.Shard;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The rebalance controller under faults (MeshKit only). Setup registers the cluster's own members as
 * the registry's nodes (they are alive in gossip, which the planner requires of a target) and a
 * namespace in auto mode. A driver drains one node, waits, activates it again, round after round,
 * so the controller keeps planning and executing moves; client processes meanwhile read shards,
 * resolve keys and now and then transfer a shard at the epoch they read, racing the controller (a
 * move whose shard changed under it must fail, not undo the transfer) — all recorded. After the heal every node is activated, the workload waits for the last
 * plan to end, reads every shard, and fetches the plans and the shards' audit trail.
 *
 * <p>Checked by {@link RegistryChecker} (one state per revision, one owner per epoch, epochs advance
 * with revisions, linearizable answers — without the rule that needs every transfer in the history)
 * and {@link RebalanceAuditCheck} (no lost and no phantom controller step, epochs only grow, one valid
 * owner, plans end).
 */
public final class RebalanceWorkload implements Workload {
  static final int SHARDS = 12;
  static final int REPLICAS = 2;
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration DRAIN_FOR = Duration.ofSeconds(8);
  private static final Duration PLANS_END_WITHIN = Duration.ofSeconds(60);
  /** Share of operations that are operators' transfers racing the controller's moves. */
  private static final double TRANSFERS = 0.05;

  private final Map<Integer, Map<Integer, ShardState>> lastSeen = new ConcurrentHashMap<>();
  private final AtomicInteger drains = new AtomicInteger();
  private volatile List<String> nodes = List.of();
  private volatile List<RebalancePlan> plans = List.of();
  private volatile List<AuditRecord> audit = List.of();
  private volatile List<Shard> shards = List.of();

  @Override
  public String name() {
    return "rebalance";
  }

  private static String namespace(WorkloadContext ctx) {
    return ctx.runName();
  }

  @Override
  public void run(WorkloadContext ctx) throws InterruptedException {
    nodes = ServerPeers.await(ctx).stream().map(Peer::getId).toList();
    RegistrySetup.create(ctx.endpoints(), CALL_TIMEOUT, nodes, Namespace.newBuilder().setName(namespace(ctx))
        .setShardCount(SHARDS).setReplicationFactor(REPLICAS).setPolicy(NamespacePolicy.newBuilder()
            .setMode(RebalanceMode.REBALANCE_AUTO).setCooldownMs(1000).setMaxConcurrentMoves(2)
            .setMaxUnhealthyNodes(1)).build());
    Thread driver = new Thread(() -> drive(ctx), "rebalance-driver");
    driver.start();
    try {
      ProcessPool.run(ctx, endpoint -> new RegistryNodeClient(endpoint, CALL_TIMEOUT), (process, client, random) -> {
        Map<Integer, ShardState> seen = lastSeen.computeIfAbsent(process % ctx.concurrency(), t -> new HashMap<>());
        int shard = random.nextInt(SHARDS);
        double pick = random.nextDouble();
        if (pick < TRANSFERS && seen.containsKey(shard)) {
          return ShardOps.transfer(ctx, namespace(ctx), process, client, seen,
              ShardOps.pickTarget(seen.get(shard), nodes, random));
        }
        return pick < 0.55 ? ShardOps.read(ctx, namespace(ctx), process, client, seen, shard, false)
            : ShardOps.resolve(ctx, namespace(ctx), process, client, seen, random);
      });
    } finally {
      driver.interrupt();
      driver.join();
    }
  }

  /** Drain a random node, wait, activate it, wait; until interrupted. Refusals (no quorum) are retried later. */
  private void drive(WorkloadContext ctx) {
    Random random = new Random(ctx.seed() * 7 + 1);
    try (MeshkitClient client = ctx.clientFromNode(random.nextInt(ctx.endpoints().size()))) {
      while (!Thread.currentThread().isInterrupted()) {
        String node = nodes.get(random.nextInt(nodes.size()));
        if (setState(client, node, NodeState.NODE_DRAINING)) {
          drains.incrementAndGet();
        }
        TimeUnit.MILLISECONDS.sleep(DRAIN_FOR.toMillis());
        setState(client, node, NodeState.NODE_ACTIVE);
        TimeUnit.MILLISECONDS.sleep(DRAIN_FOR.toMillis() / 2);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean setState(MeshkitClient client, String node, NodeState state) {
    try {
      client.registry().setNodeState(SetNodeStateRequest.newBuilder().setId(node).setState(state).build());
      return true;
    } catch (RuntimeException refusedOrUnknown) {
      return false;
    }
  }

  /**
   * Every node active again; the namespace's plans ended (the controller may still be finishing one,
   * or start one to even out what the last drain left); every shard read; plans, audit and shards fetched.
   */
  @Override
  public void finish(WorkloadContext ctx) throws InterruptedException {
    try (MeshkitClient client = ctx.clientFromNode(0)) {
      for (String node : nodes) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!setState(client, node, NodeState.NODE_ACTIVE) && System.nanoTime() < deadline) {
          TimeUnit.MILLISECONDS.sleep(500);
        }
      }
      long deadline = System.nanoTime() + PLANS_END_WITHIN.toNanos();
      awaitNoActivePlan(client, namespace(ctx), deadline);
      ShardOps.readAll(ctx, namespace(ctx), SHARDS, CALL_TIMEOUT);
      // Plans, audit trail and shards as of one moment. The controller may start another plan at any
      // time (to even out what the last drain left): one that began between the fetches showed steps in
      // the audit trail of a plan the list did not have, and was still executing (CI, seed 7). So the
      // fetch counts only when the plans are the same before and after it and none is running.
      while (true) {
        List<RebalancePlan> before = listPlans(client, namespace(ctx));
        audit = client.registry().listAllAudit(ListAuditRequest.newBuilder()
            .setTargetPrefix("shard/" + namespace(ctx)).build(), 100_000);
        shards = client.registry().listShards(ListShardsRequest.newBuilder().setNamespace(namespace(ctx)).build())
            .getShardsList();
        plans = listPlans(client, namespace(ctx));
        boolean settled = plans.equals(before) && plans.stream().noneMatch(RebalanceAuditCheck::running);
        if (settled || System.nanoTime() >= deadline) {
          return;  // past the deadline the checker reports what it saw (a plan that never ended)
        }
        TimeUnit.MILLISECONDS.sleep(500);
        awaitNoActivePlan(client, namespace(ctx), deadline);
      }
    }
  }

  private static List<RebalancePlan> listPlans(MeshkitClient client, String namespace) {
    return client.rebalance().list(ListRebalancePlansRequest.newBuilder().setNamespace(namespace).setLimit(500)
        .build()).getPlansList();
  }

  private static void awaitNoActivePlan(MeshkitClient client, String namespace, long deadline)
      throws InterruptedException {
    while (System.nanoTime() < deadline && activePlan(client, namespace)) {
      TimeUnit.MILLISECONDS.sleep(500);
    }
  }

  private static boolean activePlan(MeshkitClient client, String namespace) {
    try {
      return client.rebalance().get(GetRebalancePlanRequest.newBuilder().setNamespace(namespace).build())
          .getNamespace().getActivePlan() != 0;
    } catch (RuntimeException noPlanOrUnavailable) {
      return false;
    }
  }

  @Override
  public List<CheckSection> check(History history, WorkloadContext ctx) {
    RegistryResult reads = new RegistryChecker(false).check(history);
    RebalanceAuditCheck.Result controller = new RebalanceAuditCheck().check(namespace(ctx), plans, audit, shards);
    return List.of(
        new CheckSection("rebalance clients: one state per revision, one owner per epoch, epochs advance with "
            + "revisions, transfers apply as asked, linearizable answers", reads.verdict(), reads.anomalies(),
            reads.describe()),
        new CheckSection("rebalance controller: no lost or phantom step, epochs only grow, one valid owner, plans "
            + "end", controller.verdict(), controller.anomalies(), controller.describe() + ", " + drains.get()
            + " drains"));
  }
}
