package io.meshkit.rebalancer.control;

import io.meshkit.rebalancer.plan.PeerHealth;
import java.util.Map;

/** Gossip's health of every node it knows, by node id, now. A node missing from the map is unknown. */
@FunctionalInterface
public interface HealthSource {
  Map<String, PeerHealth> health();
}
