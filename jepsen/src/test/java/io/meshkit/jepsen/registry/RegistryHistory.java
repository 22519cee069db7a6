package io.meshkit.jepsen.registry;

import io.meshkit.jepsen.History;
import io.meshkit.jepsen.HistoryRecorder;
import io.meshkit.jepsen.Op;
import io.meshkit.jepsen.OpFunction;
import io.meshkit.jepsen.ShardState;
import io.meshkit.jepsen.ShardTransfer;
import java.util.HashMap;
import java.util.Map;

/**
 * Hand-writes registry histories in real-time order. Shard states are written {@code (shard, owner,
 * epoch, modRevision, revision)}; {@code invoke…} and the completions interleave as the test says.
 */
final class RegistryHistory {
  private final HistoryRecorder recorder = new HistoryRecorder();
  private final Map<Integer, Op> pending = new HashMap<>();

  static ShardState state(int shard, String owner, long epoch, long modRevision, long revision) {
    return new ShardState(shard, owner, epoch, modRevision, revision);
  }

  RegistryHistory invokeRead(int p, int shard) {
    pending.put(p, recorder.invoke(p, OpFunction.SHARD_READ, "shard-" + shard, null));
    return this;
  }

  RegistryHistory invokeResolve(int p, String key) {
    pending.put(p, recorder.invoke(p, OpFunction.RESOLVE, key, null));
    return this;
  }

  RegistryHistory invokeTransfer(int p, int shard, String to, long expectedEpoch) {
    pending.put(p, recorder.invoke(p, OpFunction.TRANSFER, "shard-" + shard,
        new ShardTransfer(shard, to, expectedEpoch)));
    return this;
  }

  /** OK completion showing {@code state} (a read's or resolution's answer, a transfer's result). */
  RegistryHistory ok(int p, ShardState state) {
    recorder.ok(pending.remove(p), state);
    return this;
  }

  RegistryHistory fail(int p, String error) {
    recorder.fail(pending.remove(p), error);
    return this;
  }

  RegistryHistory info(int p) {
    recorder.info(pending.remove(p), "TIMEOUT: no answer");
    return this;
  }

  /** A read invoked and answered at once. */
  RegistryHistory read(int p, ShardState state) {
    return invokeRead(p, state.shardId()).ok(p, state);
  }

  /** A transfer invoked and applied at once, with the state it produced. */
  RegistryHistory transfer(int p, String to, long expectedEpoch, ShardState after) {
    return invokeTransfer(p, after.shardId(), to, expectedEpoch).ok(p, after);
  }

  History build() {
    return recorder.history();
  }
}
