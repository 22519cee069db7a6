package io.meshkit.rebalancer.plan;

/**
 * A node's health as the planner sees it, from gossip: liveness, probe round-trip time, and the
 * backpressure and error rate the node publishes in its metadata (each 0..1).
 */
public record PeerHealth(String nodeId, Liveness liveness, double rttMillis, double backpressure, double errorRate) {

  /** A node gossip does not know. */
  public static PeerHealth unknown(String nodeId) {
    return new PeerHealth(nodeId, Liveness.UNKNOWN, 0, 0, 0);
  }

  /** A healthy node with no load signals. */
  public static PeerHealth alive(String nodeId) {
    return new PeerHealth(nodeId, Liveness.ALIVE, 0, 0, 0);
  }
}
