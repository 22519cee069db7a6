package io.meshkit.rebalancer.plan;

/** What gossip says of a node: only {@link #ALIVE} nodes take shards. */
public enum Liveness {
  ALIVE,
  SUSPECT,
  DEAD,
  /** Not in the gossip view (not yet joined, or never running a gossip member). */
  UNKNOWN
}
