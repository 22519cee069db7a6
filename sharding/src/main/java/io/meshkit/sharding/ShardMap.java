package io.meshkit.sharding;

import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.Namespace;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Key → shard for one namespace: a pure function of its hashing strategy and shard count, the same
 * in server, client and relay. Immutable and thread-safe; build once per namespace version (the ring
 * strategy precomputes its points).
 *
 * <ul>
 *   <li>rendezvous: the shard {@code s} with the highest {@code combine(hash(key), s)} (ties: lowest
 *       id);
 *   <li>ring: each shard takes {@code virtual_nodes} points {@code hash("<shard>#<v>")}; a key goes to
 *       the shard of the first point at or after {@code hash(key)}, wrapping around;
 *   <li>ranges: the shard whose [split i-1, split i) range holds the key, in UTF-8 byte order.
 * </ul>
 */
public final class ShardMap {
  /** Ring points per shard (and per unit of node weight in placement) when the namespace says 0. */
  public static final int DEFAULT_VIRTUAL_NODES = 128;
  public static final int MAX_VIRTUAL_NODES = 1024;
  public static final int MAX_SHARDS = 4096;

  private final HashingStrategy.StrategyCase strategy;
  private final int shardCount;
  private final Ring ring;
  private final byte[][] splitPoints;

  private ShardMap(HashingStrategy.StrategyCase strategy, int shardCount, Ring ring, byte[][] splitPoints) {
    this.strategy = strategy;
    this.shardCount = shardCount;
    this.ring = ring;
    this.splitPoints = splitPoints;
  }

  /**
   * The map of {@code namespace}.
   *
   * @throws IllegalArgumentException when the namespace's hashing config is invalid (see
   *     {@link Strategies#problems})
   */
  public static ShardMap of(Namespace namespace) {
    List<String> problems = Strategies.problems(namespace.getHashing(), namespace.getShardCount());
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("namespace " + namespace.getName() + ": " + String.join("; ", problems));
    }
    HashingStrategy hashing = namespace.getHashing();
    int shards = namespace.getShardCount();
    return switch (hashing.getStrategyCase()) {
      case RENDEZVOUS -> new ShardMap(hashing.getStrategyCase(), shards, null, null);
      case RING -> new ShardMap(hashing.getStrategyCase(), shards,
          Ring.ofShards(shards, Strategies.virtualNodes(hashing.getRing())), null);
      case RANGES -> new ShardMap(hashing.getStrategyCase(), shards, null,
          hashing.getRanges().getSplitPointsList().stream().map(s -> s.getBytes(StandardCharsets.UTF_8))
              .toArray(byte[][]::new));
      case STRATEGY_NOT_SET -> throw new IllegalStateException("checked by Strategies.problems");
    };
  }

  public int shardCount() {
    return shardCount;
  }

  /** The shard (0 .. shardCount-1) that holds {@code key}. */
  public int shardOf(String key) {
    return switch (strategy) {
      case RENDEZVOUS -> Rendezvous.best(StableHash.of(key), shardCount);
      case RING -> ring.owner(StableHash.of(key));
      case RANGES -> rangeOf(key.getBytes(StandardCharsets.UTF_8));
      case STRATEGY_NOT_SET -> throw new IllegalStateException("unreachable");
    };
  }

  private int rangeOf(byte[] key) {
    int low = 0;
    int high = splitPoints.length;  // answer in [0, splits]: the number of split points <= key
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (Arrays.compareUnsigned(splitPoints[mid], key) <= 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
