package io.meshkit.jepsen.workload;

import io.meshkit.jepsen.Op;
import io.meshkit.jepsen.OpFunction;
import io.meshkit.jepsen.OpType;
import io.meshkit.jepsen.ShardState;
import io.meshkit.jepsen.ShardTransfer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The recorded shard operations the registry workloads share: a shard read (GetShard) and a key
 * resolution (ResolveKey), each OK with the shard's state or FAIL (a failed read observed nothing); a
 * transfer at the epoch last seen (FAIL when refused, e.g. CONFLICT; INFO without an answer); and the
 * final linearizable read of every shard after the heal.
 */
final class ShardOps {
  static final int KEYS = 1000;
  private static final Duration FINAL_READ_PATIENCE = Duration.ofSeconds(60);

  private ShardOps() {}

  static OpType read(WorkloadContext ctx, String namespace, int process, RegistryNodeClient client,
      Map<Integer, ShardState> seen, int shard, boolean serializable) {
    Op invoke = ctx.recorder().invoke(process, OpFunction.SHARD_READ, "shard-" + shard, null);
    try {
      ShardState state = client.shard(namespace, shard, serializable);
      seen.put(shard, state);
      return ctx.recorder().ok(invoke, state).type();
    } catch (KvClient.OpException e) {
      return ctx.recorder().fail(invoke, e.getMessage()).type();
    }
  }

  static OpType resolve(WorkloadContext ctx, String namespace, int process, RegistryNodeClient client,
      Map<Integer, ShardState> seen, Random random) {
    String key = "k" + random.nextInt(KEYS);
    Op invoke = ctx.recorder().invoke(process, OpFunction.RESOLVE, key, null);
    try {
      ShardState state = client.resolve(namespace, key, ctx.serializableReads());
      seen.put(state.shardId(), state);
      return ctx.recorder().ok(invoke, state).type();
    } catch (KvClient.OpException e) {
      return ctx.recorder().fail(invoke, e.getMessage()).type();
    }
  }

  /** Another node than the shard's owner as {@code known}, at the epoch {@code known} shows. */
  static ShardTransfer pickTarget(ShardState known, List<String> nodes, Random random) {
    List<String> others = nodes.stream().filter(n -> !n.equals(known.owner())).toList();
    return new ShardTransfer(known.shardId(), others.get(random.nextInt(others.size())), known.epoch());
  }

  static OpType transfer(WorkloadContext ctx, String namespace, int process, RegistryNodeClient client,
      Map<Integer, ShardState> seen, ShardTransfer transfer) {
    Op invoke = ctx.recorder().invoke(process, OpFunction.TRANSFER, "shard-" + transfer.shardId(), transfer);
    try {
      ShardState after = client.transfer(namespace, transfer);
      seen.put(after.shardId(), after);
      return ctx.recorder().ok(invoke, after).type();
    } catch (KvClient.OpException e) {
      seen.remove(transfer.shardId());  // the epoch moved on (or may have): read before transferring again
      return ctx.recorder().unsuccessful(invoke, e.definite(), e.getMessage()).type();
    }
  }

  /** One linearizable read of every shard, each retried on every member until one answers. */
  static void readAll(WorkloadContext ctx, String namespace, int shards, Duration callTimeout)
      throws InterruptedException {
    int process = Integer.MAX_VALUE / 2;
    Map<Integer, ShardState> seen = new HashMap<>();
    for (int shard = 0; shard < shards; shard++) {
      long deadline = System.nanoTime() + FINAL_READ_PATIENCE.toNanos();
      for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
        String endpoint = ctx.endpoints().get(attempt % ctx.endpoints().size());
        try (RegistryNodeClient client = new RegistryNodeClient(endpoint, callTimeout)) {
          if (read(ctx, namespace, process, client, seen, shard, false) == OpType.OK) {
            break;
          }
        }
        TimeUnit.MILLISECONDS.sleep(500);
      }
    }
  }
}
