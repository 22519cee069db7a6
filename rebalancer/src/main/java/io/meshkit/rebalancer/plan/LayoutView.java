package io.meshkit.rebalancer.plan;

import java.util.SortedSet;

/**
 * A read-only view of one namespace's shard layout, as scoring adapters see it: which nodes the
 * shards are balanced over (the population: active, eligible by placement, not dead), how many
 * shards each owns, its capacity-weighted fair share, and its health.
 */
public interface LayoutView {
  int shardCount();

  /** The nodes shards are balanced over, sorted by id. */
  SortedSet<String> population();

  /** Shards {@code node} owns (0 if none). */
  int owned(String node);

  /** The shards {@code node} should own at its capacity weight (0 outside the population). */
  double fairShare(String node);

  /** Gossip's view of {@code node}; {@link Liveness#UNKNOWN} if gossip does not know it. */
  PeerHealth health(String node);
}
