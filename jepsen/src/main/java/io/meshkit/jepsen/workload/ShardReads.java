package io.meshkit.jepsen.workload;

import io.meshkit.jepsen.Op;
import io.meshkit.jepsen.OpFunction;
import io.meshkit.jepsen.OpType;
import io.meshkit.jepsen.ShardState;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The recorded shard reads the registry workloads share: a shard read (GetShard) and a key
 * resolution (ResolveKey), each OK with the shard's state or FAIL (a failed read observed nothing),
 * and the final linearizable read of every shard after the heal.
 */
final class ShardReads {
  static final int KEYS = 1000;
  private static final Duration FINAL_READ_PATIENCE = Duration.ofSeconds(60);

  private ShardReads() {}

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
