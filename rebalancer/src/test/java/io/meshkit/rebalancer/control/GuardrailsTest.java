package io.meshkit.rebalancer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.proto.v1.MoveKind;
import io.meshkit.proto.v1.MoveStep;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.NamespacePolicy;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.NodeState;
import io.meshkit.proto.v1.RebalanceMove;
import io.meshkit.proto.v1.Shard;
import io.meshkit.rebalancer.plan.Liveness;
import io.meshkit.rebalancer.plan.PeerHealth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The controller's gossip guardrails: incident throttle and the healthy-replica rule. */
class GuardrailsTest {
  private static final List<Node> NODES = List.of(node("a", NodeState.NODE_ACTIVE), node("b", NodeState.NODE_ACTIVE),
      node("c", NodeState.NODE_ACTIVE), node("d", NodeState.NODE_DECOMMISSIONED));
  private static final RebalanceMove MOVE = RebalanceMove.newBuilder().setShardId(3).setKind(MoveKind.MOVE_OWNER)
      .setFrom("a").setTo("b").setExpectedEpoch(1).build();

  private static Node node(String id, NodeState state) {
    return Node.newBuilder().setId(id).setState(state).build();
  }

  private static PeerHealth health(String id, Liveness liveness) {
    return new PeerHealth(id, liveness, 1, 0, 0);
  }

  private static Namespace ns(int maxUnhealthy) {
    return Namespace.newBuilder().setName("orders").setPolicy(NamespacePolicy.newBuilder()
        .setMaxUnhealthyNodes(maxUnhealthy)).build();
  }

  @Test
  void theIncidentThrottleHoldsAboveTheToleratedUnhealthyNodesAndSaysWhenItClears() {
    Map<String, PeerHealth> oneDown = Map.of("a", health("a", Liveness.SUSPECT), "b", health("b", Liveness.ALIVE));
    assertEquals(Optional.empty(), Guardrails.incident(ns(0), NODES, oneDown), "one unhealthy is tolerated by default");
    Map<String, PeerHealth> twoDown = Map.of("a", health("a", Liveness.SUSPECT), "b", health("b", Liveness.DEAD),
        "d", health("d", Liveness.DEAD));
    String held = Guardrails.incident(ns(0), NODES, twoDown).orElseThrow();
    assertTrue(held.startsWith("incident: 2 nodes"), held + " (the decommissioned node does not count)");
    assertTrue(held.contains("clears when at most 1"), held);
    assertEquals(Optional.empty(), Guardrails.incident(ns(2), NODES, twoDown), "the policy tolerates two");
  }

  @Test
  void aShardGoesOnlyToAnAliveNodeAndLosesAReplicaOnlyWhileAnotherIsAlive() {
    Shard shard = Shard.newBuilder().setShardId(3).setOwner("a").addReplicas("a").addReplicas("b").build();
    Map<String, PeerHealth> bSuspect = Map.of("a", health("a", Liveness.ALIVE), "b", health("b", Liveness.SUSPECT));
    assertTrue(Guardrails.step(MOVE, MoveStep.MOVE_OWNER_SWITCHED, shard, bSuspect).orElseThrow()
        .startsWith("healthy-replica: target b is suspect"));
    assertFalse(Guardrails.hopeless(MOVE, bSuspect), "a suspect may come back: wait");
    assertTrue(Guardrails.hopeless(MOVE, Map.of("b", health("b", Liveness.DEAD))), "a dead target fails the move");
    Shard switched = Shard.newBuilder().setShardId(3).setOwner("b").addReplicas("b").addReplicas("a").build();
    assertTrue(Guardrails.step(MOVE, MoveStep.MOVE_OLD_REMOVED, switched, bSuspect).orElseThrow()
        .contains("would leave no replica alive"));
    Map<String, PeerHealth> allAlive = Map.of("a", health("a", Liveness.ALIVE), "b", health("b", Liveness.ALIVE));
    assertEquals(Optional.empty(), Guardrails.step(MOVE, MoveStep.MOVE_OLD_REMOVED, switched, allAlive));
    assertEquals(Optional.empty(), Guardrails.step(MOVE, MoveStep.MOVE_DONE, switched, Map.of()),
        "marking a shard active again needs nobody");
  }
}
