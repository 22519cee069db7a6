package io.meshkit.sharding;

import io.meshkit.proto.v1.HashingStrategy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Validation of a namespace's hashing config, shared by the server (before apply) and clients. */
public final class Strategies {
  private Strategies() {}

  /** Everything wrong with {@code hashing} for {@code shardCount} shards, each with its fix; empty when valid. */
  public static List<String> problems(HashingStrategy hashing, int shardCount) {
    List<String> problems = new ArrayList<>();
    if (shardCount < 1 || shardCount > ShardMap.MAX_SHARDS) {
      problems.add("shard count " + shardCount + " is out of range: use 1 to " + ShardMap.MAX_SHARDS);
    }
    switch (hashing.getStrategyCase()) {
      case STRATEGY_NOT_SET -> problems.add("no hashing strategy: choose rendezvous, ring or ranges");
      case RENDEZVOUS -> { }
      case RING -> {
        int v = hashing.getRing().getVirtualNodes();
        if (v < 0 || v > ShardMap.MAX_VIRTUAL_NODES) {
          problems.add("ring virtual nodes " + v + " is out of range: use 1 to " + ShardMap.MAX_VIRTUAL_NODES
              + " (0 = " + ShardMap.DEFAULT_VIRTUAL_NODES + ")");
        }
      }
      case RANGES -> problems.addAll(rangeProblems(hashing.getRanges().getSplitPointsList(), shardCount));
    }
    return problems;
  }

  private static List<String> rangeProblems(List<String> splits, int shardCount) {
    List<String> problems = new ArrayList<>();
    if (splits.size() != shardCount - 1) {
      problems.add("ranges need shard count - 1 split points: " + shardCount + " shards but " + splits.size()
          + " split points");
    }
    byte[] previous = null;
    for (String split : splits) {
      byte[] bytes = split.getBytes(StandardCharsets.UTF_8);
      if (bytes.length == 0) {
        problems.add("a split point is empty: the first range already starts at the empty key");
      } else if (previous != null && Arrays.compareUnsigned(previous, bytes) >= 0) {
        problems.add("split points must increase strictly (UTF-8 byte order): \"" + split + "\" comes after \""
            + new String(previous, StandardCharsets.UTF_8) + "\"");
      }
      previous = bytes;
    }
    return problems;
  }

  /** The ring's points per shard, the default applied. */
  static int virtualNodes(HashingStrategy.Ring ring) {
    return ring.getVirtualNodes() == 0 ? ShardMap.DEFAULT_VIRTUAL_NODES : ring.getVirtualNodes();
  }
}
