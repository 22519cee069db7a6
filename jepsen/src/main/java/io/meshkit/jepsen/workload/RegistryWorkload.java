package io.meshkit.jepsen.workload;

import io.meshkit.jepsen.History;
import io.meshkit.jepsen.ShardState;
import io.meshkit.jepsen.registry.RegistryChecker;
import io.meshkit.jepsen.registry.RegistryResult;
import io.meshkit.jepsen.report.CheckSection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shard registry (MeshKit only): concurrent transfers and reads of a few shards under faults.
 * Setup registers five registry nodes and a namespace of its own ({@link #SHARDS} shards,
 * {@link #REPLICAS} replicas). Processes, bound to one member each, loop: read a shard (GetShard),
 * resolve a random key to its shard (ResolveKey), or transfer a shard they have read to another
 * node at the epoch they last saw (after a transfer that did not apply, they read the shard again
 * first). A transfer refused (CONFLICT: the epoch moved on; or any other refusal) is FAIL; one
 * without an answer is INFO; a read that fails observed nothing (FAIL). After the heal, one
 * linearizable read of every shard. Checked by {@link RegistryChecker}.
 *
 * <p>With {@code serializableReads} the reads are served from the contacted member's own state,
 * which a partitioned member keeps answering from: the negative control.
 */
public final class RegistryWorkload implements Workload {
  static final int SHARDS = 4;
  static final int REPLICAS = 3;
  /** Every call's timeout, as for the suite's other clients; its expiry leaves a transfer's outcome unknown. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

  /** Per client thread, each shard as that thread last saw it: what its transfers expect. */
  private final Map<Integer, Map<Integer, ShardState>> lastSeen = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "registry";
  }

  /** The run's namespace: its name is a valid namespace name (lower case, digits, '-'). */
  private static String namespace(WorkloadContext ctx) {
    return ctx.runName();
  }

  @Override
  public void run(WorkloadContext ctx) throws InterruptedException {
    RegistrySetup.create(ctx.endpoints(), CALL_TIMEOUT, namespace(ctx), SHARDS, REPLICAS);
    ProcessPool.run(ctx, endpoint -> new RegistryNodeClient(endpoint, CALL_TIMEOUT), (process, client, random) -> {
      Map<Integer, ShardState> seen = lastSeen.computeIfAbsent(process % ctx.concurrency(), t -> new HashMap<>());
      int shard = random.nextInt(SHARDS);
      double pick = random.nextDouble();
      if (pick < 0.5 && seen.containsKey(shard)) {
        return ShardOps.transfer(ctx, namespace(ctx), process, client, seen,
            ShardOps.pickTarget(seen.get(shard), RegistrySetup.NODES, random));
      }
      return pick < 0.75 ? ShardOps.read(ctx, namespace(ctx), process, client, seen, shard, ctx.serializableReads())
          : ShardOps.resolve(ctx, namespace(ctx), process, client, seen, random);
    });
  }

  /** One linearizable read of every shard. */
  @Override
  public void finish(WorkloadContext ctx) throws InterruptedException {
    ShardOps.readAll(ctx, namespace(ctx), SHARDS, CALL_TIMEOUT);
  }

  @Override
  public List<CheckSection> check(History history, WorkloadContext ctx) {
    RegistryResult result = new RegistryChecker().check(history);
    return List.of(new CheckSection("registry: one state per revision, one owner per epoch, epochs only grow, "
        + "one winner per epoch, no phantom epochs, linearizable answers", result.verdict(), result.anomalies(),
        result.describe()));
  }
}
