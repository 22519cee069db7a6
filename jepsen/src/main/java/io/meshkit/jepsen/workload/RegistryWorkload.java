package io.meshkit.jepsen.workload;

import io.meshkit.jepsen.History;
import io.meshkit.jepsen.Op;
import io.meshkit.jepsen.OpFunction;
import io.meshkit.jepsen.OpType;
import io.meshkit.jepsen.ShardState;
import io.meshkit.jepsen.ShardTransfer;
import io.meshkit.jepsen.registry.RegistryChecker;
import io.meshkit.jepsen.registry.RegistryResult;
import io.meshkit.jepsen.report.CheckSection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

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
        return transfer(ctx, process, client, seen, pickTarget(seen.get(shard), random));
      }
      return pick < 0.75 ? ShardReads.read(ctx, namespace(ctx), process, client, seen, shard, ctx.serializableReads())
          : ShardReads.resolve(ctx, namespace(ctx), process, client, seen, random);
    });
  }

  private static ShardTransfer pickTarget(ShardState known, Random random) {
    List<String> others = RegistrySetup.NODES.stream().filter(n -> !n.equals(known.owner())).toList();
    return new ShardTransfer(known.shardId(), others.get(random.nextInt(others.size())), known.epoch());
  }

  private static OpType transfer(WorkloadContext ctx, int process, RegistryNodeClient client,
      Map<Integer, ShardState> seen, ShardTransfer transfer) {
    Op invoke = ctx.recorder().invoke(process, OpFunction.TRANSFER, "shard-" + transfer.shardId(), transfer);
    try {
      ShardState after = client.transfer(namespace(ctx), transfer);
      seen.put(after.shardId(), after);
      return ctx.recorder().ok(invoke, after).type();
    } catch (KvClient.OpException e) {
      seen.remove(transfer.shardId());  // the epoch moved on (or may have): read before transferring again
      return ctx.recorder().unsuccessful(invoke, e.definite(), e.getMessage()).type();
    }
  }

  /** One linearizable read of every shard. */
  @Override
  public void finish(WorkloadContext ctx) throws InterruptedException {
    ShardReads.readAll(ctx, namespace(ctx), SHARDS, CALL_TIMEOUT);
  }

  @Override
  public List<CheckSection> check(History history, WorkloadContext ctx) {
    RegistryResult result = new RegistryChecker().check(history);
    return List.of(new CheckSection("registry: one state per revision, one owner per epoch, epochs only grow, "
        + "one winner per epoch, no phantom epochs, linearizable answers", result.verdict(), result.anomalies(),
        result.describe()));
  }
}
