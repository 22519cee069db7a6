package io.meshkit.relay.health;

/**
 * Which registered nodes are down as the relay sees it. A node the relay knows nothing about (it does
 * not gossip) is not down: only a positive report stops traffic to it.
 */
public interface NodeLiveness {
  NodeLiveness NONE = nodeId -> false;

  boolean down(String nodeId);
}
