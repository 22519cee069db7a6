package io.meshkit.jepsen.registry;

import io.meshkit.jepsen.History;
import io.meshkit.jepsen.OpFunction;
import io.meshkit.jepsen.OpPair;
import io.meshkit.jepsen.OpType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One shard's part of a registry history: every OK answer that showed the shard, and every transfer
 * of it whatever its outcome, each in invocation order.
 */
record ShardHistory(int shardId, List<Observation> observations, List<OpPair> transfers) {

  /** The history's registry operations by shard, in shard order; other operations are ignored. */
  static Map<Integer, ShardHistory> of(History history) {
    Map<Integer, ShardHistory> shards = new TreeMap<>();
    for (OpPair pair : history.pairs()) {
      OpFunction f = pair.function();
      if (f == OpFunction.TRANSFER) {
        shard(shards, pair.invoke().shardTransfer().shardId()).transfers.add(pair);
      }
      if ((f == OpFunction.TRANSFER || f == OpFunction.SHARD_READ || f == OpFunction.RESOLVE)
          && pair.outcome() == OpType.OK) {
        Observation o = new Observation(pair, pair.completion().shardState());
        shard(shards, o.state().shardId()).observations.add(o);
      }
    }
    return shards;
  }

  private static ShardHistory shard(Map<Integer, ShardHistory> shards, int id) {
    return shards.computeIfAbsent(id, i -> new ShardHistory(i, new ArrayList<>(), new ArrayList<>()));
  }

  /** Transfers that may have applied: OK, or INFO (outcome unknown, including never completed). */
  List<OpPair> possiblyApplied() {
    return transfers.stream().filter(t -> t.outcome() == OpType.OK || t.outcome() == OpType.INFO).toList();
  }
}
