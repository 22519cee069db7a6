package io.meshkit.registry.shards;

import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.NodeState;
import io.meshkit.raft.CommandFailure;
import io.meshkit.sharding.Placement;
import java.util.List;
import java.util.Map;

/** Which registered nodes may take a namespace's replicas (durable facts only; liveness is gossip's). */
public final class Eligibility {
  private Eligibility() {}

  /** Active nodes in one of the namespace's zones (any, if none listed) carrying all its labels. */
  public static List<Node> eligible(Namespace namespace, List<Node> nodes) {
    List<String> zones = namespace.getPlacement().getZonesList();
    Map<String, String> labels = namespace.getPlacement().getNodeLabelsMap();
    return nodes.stream()
        .filter(n -> n.getState() == NodeState.NODE_ACTIVE)
        .filter(n -> zones.isEmpty() || zones.contains(n.getZone()))
        .filter(n -> n.getLabelsMap().entrySet().containsAll(labels.entrySet()))
        .toList();
  }

  static List<Placement.Candidate> candidates(List<Node> eligible) {
    return eligible.stream().map(n -> new Placement.Candidate(n.getId(), n.getZone(), weight(n))).toList();
  }

  /** The node's capacity weight, 1 when unset. */
  public static double weight(Node node) {
    return node.getCapacityWeight() == 0 ? 1 : node.getCapacityWeight();
  }

  /** Fails with FAILED_PRECONDITION unless the namespace's replication factor fits its eligible nodes. */
  static List<Node> requireEnough(Namespace namespace, List<Node> nodes) {
    List<Node> eligible = eligible(namespace, nodes);
    if (eligible.size() < namespace.getReplicationFactor()) {
      throw new CommandFailure(ErrorCode.FAILED_PRECONDITION, "namespace " + namespace.getName()
          + " needs " + namespace.getReplicationFactor() + " eligible nodes for its replication factor, but "
          + eligible.size() + " of " + nodes.size() + " registered nodes are active and match its zones and labels"
          + eligible.stream().map(Node::getId).toList() + "; register or uncordon nodes, relax the placement,"
          + " or lower the replication factor");
    }
    return eligible;
  }
}
