package io.meshkit.rebalancer.plan;

import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.Shard;
import java.util.List;
import java.util.Map;

/**
 * Everything one planning round reads: the registry snapshot of one namespace at {@code revision}
 * (its shards, every registered node), gossip's health per node id (missing = unknown), the policy,
 * and whether the previous round left the namespace rebalancing (hysteresis).
 */
public record PlanInput(Namespace namespace, List<Shard> shards, List<Node> nodes, Map<String, PeerHealth> health,
    long revision, PlanPolicy policy, boolean rebalancing) {

  public PlanInput {
    shards = List.copyOf(shards);
    nodes = List.copyOf(nodes);
    health = Map.copyOf(health);
  }
}
