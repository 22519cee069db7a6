package io.meshkit.rebalancer.control;

import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.NamespaceRebalance;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.NodeState;
import io.meshkit.proto.v1.RebalancePlan;
import io.meshkit.proto.v1.RebalanceState;
import io.meshkit.raft.KeyValueReader;
import io.meshkit.raft.MeshException;
import io.meshkit.rebalancer.plan.Plan;
import io.meshkit.rebalancer.plan.PlanInput;
import io.meshkit.rebalancer.plan.PlanPolicy;
import io.meshkit.rebalancer.plan.RebalancePlanner;
import io.meshkit.rebalancer.state.RebalanceStore;
import io.meshkit.registry.shards.RegistryAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One planning round for one namespace: its registry snapshot from a read view, gossip health now,
 * its policy, and the hysteresis state of its last plan — the same for an operator's plan request
 * and the controller's own evaluation.
 */
public final class RebalancePlanning {
  private final RebalancePlanner planner;
  private final HealthSource health;

  public RebalancePlanning(RebalancePlanner planner, HealthSource health) {
    this.planner = planner;
    this.health = health;
  }

  public HealthSource health() {
    return health;
  }

  /**
   * Plans {@code namespace} as of {@code view}, treating the nodes in {@code evacuate} as draining.
   *
   * @throws MeshException NOT_FOUND for an unknown namespace or node, FAILED_PRECONDITION before the
   *     namespace has shards, INVALID_ARGUMENT for a policy the planner cannot use
   */
  public Plan plan(KeyValueReader view, String namespace, Set<String> evacuate) {
    Namespace ns = RegistryAccess.namespace(view, namespace).orElseThrow(() -> new MeshException(ErrorCode.NOT_FOUND,
        "namespace " + namespace + " not found", "meshctl ns list shows the namespaces"));
    if (!ns.getShardsCreated()) {
      throw new MeshException(ErrorCode.FAILED_PRECONDITION, "namespace " + namespace + " has no shards yet",
          "create them first: meshctl shards create " + namespace);
    }
    List<Node> nodes = new ArrayList<>();
    for (Node n : RegistryAccess.nodes(view)) {
      boolean drain = evacuate.contains(n.getId()) && n.getState() != NodeState.NODE_DECOMMISSIONED;
      nodes.add(drain ? n.toBuilder().setState(NodeState.NODE_DRAINING).build() : n);
    }
    for (String id : evacuate) {
      if (nodes.stream().noneMatch(n -> n.getId().equals(id))) {
        throw new MeshException(ErrorCode.NOT_FOUND, "node " + id + " to evacuate is not registered",
            "meshctl nodes list shows the nodes");
      }
    }
    PlanPolicy policy;
    try {
      policy = PlanPolicy.from(ns.getPolicy());
    } catch (IllegalArgumentException e) {
      throw new MeshException(ErrorCode.INVALID_ARGUMENT, "namespace " + namespace + ": " + e.getMessage(),
          "fix the namespace's rebalance policy: meshctl ns update " + namespace);
    }
    return planner.plan(new PlanInput(ns, RegistryAccess.shards(view, namespace), nodes, health.health(),
        view.revision(), policy, stillRebalancing(view, namespace, policy)));
  }

  /** Hysteresis: the last plan completed with the namespace still above its stop threshold. */
  private static boolean stillRebalancing(KeyValueReader view, String namespace, PlanPolicy policy) {
    NamespaceRebalance state = RebalanceStore.namespace(view, namespace);
    if (state.getLastPlan() == 0) {
      return false;
    }
    return RebalanceStore.plan(view, namespace, state.getLastPlan())
        .filter(p -> p.getState() == RebalanceState.REBALANCE_COMPLETED)
        .map(RebalancePlan::getImbalanceAfter)
        .filter(after -> after > policy.imbalanceStop())
        .isPresent();
  }
}
