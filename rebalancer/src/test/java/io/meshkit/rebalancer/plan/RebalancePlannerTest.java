package io.meshkit.rebalancer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.proto.v1.NodeState;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RebalancePlannerTest {
  private final RebalancePlanner planner = new RebalancePlanner(ScoringAdapters.builtIn());
  private final PlanPolicy policy = new PlanPolicy(0.2, 0.1, 32, 3, PlanPolicy.defaultWeights());

  /** n1 owns 6 shards, n2 and n3 none: a skew a joining node leaves. */
  private static Fleet skewed() {
    Fleet f = new Fleet(1, false).node("n1", "a", 1).node("n2", "b", 1).node("n3", "c", 1);
    for (int i = 0; i < 6; i++) {
      f.shard(i, "n1");
    }
    return f;
  }

  @Test
  void aBalancedNamespaceNeedsNothingAndSaysWhy() {
    Fleet f = new Fleet(1, false).node("n1", "a", 1).node("n2", "b", 1).shard(0, "n1").shard(1, "n2");
    Plan plan = planner.plan(f.input(policy, false));
    assertTrue(plan.isEmpty());
    assertTrue(plan.reason().startsWith("balanced: imbalance 0.00"), plan.reason());
    assertFalse(plan.rebalancing());
  }

  @Test
  void newNodesTakeTheirShareAndEveryMoveLowersTheScore() {
    Fleet f = skewed();
    Plan plan = planner.plan(f.input(policy, false));
    assertEquals(4, plan.moves().size(), plan.toString());
    for (Move m : plan.moves()) {
      assertEquals("n1", m.from());
      assertEquals(Move.Kind.OWNER, m.kind());
      assertTrue(m.scoreAfter() < m.scoreBefore(), m.toString());
      assertEquals(1, m.expectedEpoch());
    }
    assertEquals(0, plan.moves().get(0).wave());
    assertEquals(1, plan.moves().get(3).wave(), "three moves per wave");
    f.apply(plan);
    assertEquals(2, f.owned("n1"));
    assertEquals(2, f.owned("n2"));
    assertEquals(2, f.owned("n3"));
    assertTrue(planner.plan(f.input(policy, plan.rebalancing())).isEmpty(), "balanced after one plan");
  }

  @Test
  void samePlanForTheSameInput() {
    assertEquals(planner.plan(skewed().input(policy, false)), planner.plan(skewed().input(policy, false)));
  }

  @Test
  void movesPerPlanAreCapped() {
    PlanPolicy two = new PlanPolicy(0.2, 0.1, 2, 1, PlanPolicy.defaultWeights());
    Plan plan = planner.plan(skewed().input(two, false));
    assertEquals(2, plan.moves().size());
    assertEquals(1, plan.moves().get(1).wave());
    assertTrue(plan.rebalancing(), "still above the stop threshold: the next round continues");
  }

  @Test
  void hysteresisStartsAboveStartAndContinuesDownToStop() {
    // 4 shards on 3 nodes: n1 owns 2, fair share 1.33, imbalance 0.5.
    Fleet f = new Fleet(1, false).node("n1", "a", 1).node("n2", "b", 1).node("n3", "c", 1)
        .shard(0, "n1").shard(1, "n1").shard(2, "n2").shard(3, "n3");
    PlanPolicy lax = new PlanPolicy(0.6, 0.1, 32, 3, PlanPolicy.defaultWeights());
    assertTrue(planner.plan(f.input(lax, false)).isEmpty(), "0.5 is not above start 0.6");
    Plan continuing = planner.plan(f.input(lax, true));
    assertTrue(continuing.isEmpty(), "no move lowers it: every other node would own 2: " + continuing.reason());
  }

  @Test
  void aDrainingNodeIsEmptiedEvenWhenBalanced() {
    Fleet f = new Fleet(2, false).node("n1", "a", 1).node("n2", "b", 1).node("n3", "c", 1).node("n4", "d", 1)
        .shard(0, "n1", "n2").shard(1, "n2", "n3").shard(2, "n3", "n1").shard(3, "n4", "n1")
        .state("n1", NodeState.NODE_DRAINING);
    PlanPolicy one = new PlanPolicy(0.2, 0.1, 1, 1, PlanPolicy.defaultWeights());
    for (int round = 0; round < 5 && f.held("n1") > 0; round++) {
      Plan plan = planner.plan(f.input(one, false));
      assertEquals(1, plan.moves().size(), plan.reason());
      Move m = plan.moves().get(0);
      assertEquals("n1", m.from());
      assertTrue(m.reason().startsWith("drain node n1"), m.reason());
      f.apply(plan);
    }
    assertEquals(0, f.held("n1"), "drained within three rounds of one move");
  }

  @Test
  void aDeadOwnerHandsOwnershipToALiveReplica() {
    Fleet f = new Fleet(2, false).node("n1", "a", 1).node("n2", "b", 1).node("n3", "c", 1)
        .shard(0, "n1", "n2").liveness("n1", Liveness.DEAD);
    Plan plan = planner.plan(f.input(policy, false));
    Move m = plan.moves().get(0);
    assertEquals(Move.Kind.PROMOTE, m.kind());
    assertEquals("n2", m.to());
    f.apply(plan);
    Move next = planner.plan(f.input(policy, false)).moves().get(0);
    assertEquals(Move.Kind.REPLICA, next.kind());
    assertEquals("n1", next.from());
    assertEquals("n3", next.to(), "the dead replica is replaced next round");
  }

  @Test
  void suspectCordonedAndUnknownNodesTakeNothingAndCordonedKeepTheirs() {
    Fleet f = skewed().node("n4", "d", 1).node("n5", "e", 1)
        .liveness("n2", Liveness.SUSPECT).state("n3", NodeState.NODE_CORDONED);
    f.health.remove("n5");
    f.shard(6, "n3");
    Plan plan = planner.plan(f.input(policy, false));
    assertFalse(plan.isEmpty());
    for (Move m : plan.moves()) {
      assertEquals("n4", m.to(), "only n4 is alive, active and known: " + m);
      assertEquals("n1", m.from(), "the cordoned n3 keeps its shard");
    }
  }

  @Test
  void noAliveTargetLeavesADrainStuckWithAReason() {
    Fleet f = new Fleet(1, false).node("n1", "a", 1).node("n2", "b", 1).shard(0, "n1")
        .state("n1", NodeState.NODE_DRAINING).liveness("n2", Liveness.SUSPECT);
    Plan plan = planner.plan(f.input(policy, false));
    assertTrue(plan.isEmpty());
    assertTrue(plan.reason().contains("shard 0 must leave n1 (drain node n1) but no alive eligible node"),
        plan.reason());
  }

  @Test
  void balanceMovesKeepReplicasSpreadOverZones() {
    Fleet f = new Fleet(2, true).node("n1", "a", 1).node("n2", "b", 1).node("n3", "a", 1).node("n4", "b", 1);
    for (int i = 0; i < 8; i++) {
      f.shard(i, i % 2 == 0 ? "n1" : "n2", i % 2 == 0 ? "n2" : "n1");
    }
    Plan plan = planner.plan(f.input(policy, false));
    assertFalse(plan.isEmpty());
    f.apply(plan);
    f.shards.values().forEach(s -> assertEquals(2, s.getReplicasList().stream()
        .map(id -> f.nodes.get(id).getZone()).distinct().count(), "shard " + s.getShardId() + " spans both zones"));
  }

  @Test
  void capacityWeightsSetTheFairShares() {
    Fleet f = new Fleet(1, false).node("n1", "a", 1).node("n2", "b", 3);
    for (int i = 0; i < 8; i++) {
      f.shard(i, "n1");
    }
    f.apply(planner.plan(f.input(policy, false)));
    assertEquals(2, f.owned("n1"));
    assertEquals(6, f.owned("n2"));
  }

  @Test
  void policiesAreValidatedWithTheFix() {
    IllegalArgumentException stop = assertThrows(IllegalArgumentException.class,
        () -> new PlanPolicy(0.1, 0.2, 1, 1, Map.of()));
    assertTrue(stop.getMessage().contains("set stop at or below start"), stop.getMessage());
    IllegalArgumentException weight = assertThrows(IllegalArgumentException.class,
        () -> new PlanPolicy(0.2, 0.1, 1, 1, Map.of("latency", -1.0)));
    assertTrue(weight.getMessage().contains("latency"), weight.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new PlanPolicy(0.2, 0.1, 0, 1, Map.of()));
    PlanPolicy defaults = PlanPolicy.from(io.meshkit.proto.v1.NamespacePolicy.getDefaultInstance());
    assertEquals(PlanPolicy.DEFAULT_START, defaults.imbalanceStart());
    assertEquals(PlanPolicy.DEFAULT_CONCURRENT_MOVES, defaults.maxConcurrentMoves());
  }

  @Test
  void aThirdPartyAdapterIsWeightedAndANameIsTakenOnce() {
    ScoringAdapter avoidN2 = new ScoringAdapter() {
      @Override
      public String name() {
        return "avoid-n2";
      }

      @Override
      public double cost(LayoutView layout) {
        return layout.owned("n2");
      }
    };
    ScoringAdapters adapters = ScoringAdapters.builtIn().register(avoidN2);
    Map<String, Double> weights = Map.of("balance", 1.0, "avoid-n2", 10.0);
    Plan plan = new RebalancePlanner(adapters).plan(skewed().input(new PlanPolicy(0.2, 0.1, 32, 3, weights), false));
    assertTrue(plan.moves().stream().noneMatch(m -> m.to().equals("n2")), plan.toString());
    assertFalse(plan.isEmpty(), "n3 still takes shards");
    assertThrows(IllegalArgumentException.class, () -> adapters.register(avoidN2));
  }
}
