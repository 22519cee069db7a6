package io.meshkit.rebalancer.control;

import io.meshkit.proto.v1.MoveStep;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.NodeState;
import io.meshkit.proto.v1.RebalanceMove;
import io.meshkit.proto.v1.Shard;
import io.meshkit.rebalancer.plan.Liveness;
import io.meshkit.rebalancer.plan.PeerHealth;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The controller's checks against gossip before it plans or takes a step (the cooldown is checked in
 * apply, where it is deterministic). Each answers the reason it blocks — its first word names the
 * guardrail, for the metric and the refusal — or empty.
 */
public final class Guardrails {
  /** The incident throttle of a policy that sets none. */
  public static final int DEFAULT_MAX_UNHEALTHY = 1;

  private Guardrails() {}

  /** Incident throttle: more of the registered nodes are suspect or dead than the policy tolerates. */
  public static Optional<String> incident(Namespace ns, List<Node> nodes, Map<String, PeerHealth> health) {
    int max = ns.getPolicy().getMaxUnhealthyNodes() > 0 ? ns.getPolicy().getMaxUnhealthyNodes()
        : DEFAULT_MAX_UNHEALTHY;
    List<String> unhealthy = nodes.stream()
        .filter(n -> n.getState() != NodeState.NODE_DECOMMISSIONED)
        .map(Node::getId)
        .filter(id -> {
          Liveness l = health.getOrDefault(id, PeerHealth.unknown(id)).liveness();
          return l == Liveness.SUSPECT || l == Liveness.DEAD;
        })
        .sorted().toList();
    if (unhealthy.size() <= max) {
      return Optional.empty();
    }
    return Optional.of("incident: " + unhealthy.size() + " nodes are suspect or dead in gossip " + unhealthy
        + ", more than the " + max + " namespace " + ns.getName() + " tolerates (max_unhealthy_nodes); clears when"
        + " at most " + max + " are (meshctl peers list)");
  }

  /**
   * Healthy-replica rule before {@code step}: the node a shard is handed to must be alive in gossip,
   * and a replica is removed only while another replica, the owner, is alive.
   */
  public static Optional<String> step(RebalanceMove move, MoveStep step, Shard shard, Map<String, PeerHealth> health) {
    switch (step) {
      case MOVE_MARKED, MOVE_REPLICA_ADDED, MOVE_OWNER_SWITCHED -> {
        Liveness to = liveness(health, move.getTo());
        if (to != Liveness.ALIVE) {
          return Optional.of("healthy-replica: target " + move.getTo() + " is " + to.name().toLowerCase()
              + " in gossip");
        }
      }
      case MOVE_OLD_REMOVED -> {
        boolean otherAlive = shard.getReplicasList().stream()
            .anyMatch(r -> !r.equals(move.getFrom()) && liveness(health, r) == Liveness.ALIVE);
        if (!otherAlive) {
          return Optional.of("healthy-replica: removing " + move.getFrom() + " from shard " + shard.getShardId()
              + " would leave no replica alive in gossip");
        }
      }
      default -> { }
    }
    return Optional.empty();
  }

  /** A target gossip declared dead will not come back in time: the move is given up, not waited for. */
  public static boolean hopeless(RebalanceMove move, Map<String, PeerHealth> health) {
    return liveness(health, move.getTo()) == Liveness.DEAD;
  }

  private static Liveness liveness(Map<String, PeerHealth> health, String id) {
    return health.getOrDefault(id, PeerHealth.unknown(id)).liveness();
  }
}
