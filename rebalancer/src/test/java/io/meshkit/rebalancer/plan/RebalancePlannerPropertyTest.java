package io.meshkit.rebalancer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.proto.v1.NodeState;
import io.meshkit.proto.v1.Shard;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random fleets (seeded; the seed is in every message): every move of every plan keeps the
 * planner's invariants, the same input gives the same plan, and repeated rounds — each plan
 * applied as the controller would — end with an empty plan, the score never rising between
 * balance-only rounds.
 */
class RebalancePlannerPropertyTest {
  private static final int SEEDS = 300;
  private static final int MAX_ROUNDS = 80;
  private final RebalancePlanner planner = new RebalancePlanner(ScoringAdapters.builtIn());

  @Test
  void invariantsHoldAndRoundsConverge() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Random random = new Random(seed);
      boolean signals = random.nextBoolean();
      Fleet fleet = randomFleet(random, signals);
      PlanPolicy policy = new PlanPolicy(0.1 + random.nextDouble() * 0.3, 0.05, 1 + random.nextInt(10),
          1 + random.nextInt(3), PlanPolicy.defaultWeights());
      boolean rebalancing = false;
      double previousScore = Double.MAX_VALUE;
      boolean converged = false;
      for (int round = 0; round < MAX_ROUNDS; round++) {
        String where = "seed " + seed + ", round " + round;
        PlanInput input = fleet.input(policy, rebalancing);
        Plan plan = planner.plan(input);
        assertEquals(plan, planner.plan(input), where + ": same input, same plan");
        check(fleet, policy, plan, where);
        if (plan.isEmpty()) {
          converged = true;
          if (!signals && fleet.nodes.values().stream().allMatch(n -> n.getState() == NodeState.NODE_ACTIVE)
              && fleet.health.values().stream().allMatch(h -> h.liveness() == Liveness.ALIVE)) {
            assertTrue(plan.imbalanceBefore() <= policy.imbalanceStart() + 1e-9
                || plan.reason().startsWith("imbalance"), where + ": " + plan.reason());
          }
          break;
        }
        boolean balanceOnly = plan.moves().stream().allMatch(m -> m.reason().startsWith("balance"));
        if (balanceOnly) {
          assertTrue(plan.scoreAfter() < previousScore + 1e-9, where + ": the score rose: " + previousScore + " -> "
              + plan.scoreAfter());
        }
        previousScore = plan.scoreAfter();
        rebalancing = plan.rebalancing();
        fleet.apply(plan);
      }
      assertTrue(converged, "seed " + seed + ": still planning after " + MAX_ROUNDS + " rounds");
    }
  }

  private static void check(Fleet fleet, PlanPolicy policy, Plan plan, String where) {
    assertTrue(plan.moves().size() <= policy.maxMovesPerPlan(), where + ": too many moves");
    Set<Integer> shards = new HashSet<>();
    for (int i = 0; i < plan.moves().size(); i++) {
      Move m = plan.moves().get(i);
      String what = where + ", " + m;
      assertTrue(shards.add(m.shardId()), what + ": a second move of one shard");
      assertEquals(i / policy.maxConcurrentMoves(), m.wave(), what);
      var to = fleet.nodes.get(m.to());
      assertEquals(NodeState.NODE_ACTIVE, to.getState(), what + ": target not active");
      assertEquals(Liveness.ALIVE, fleet.health.get(m.to()).liveness(), what + ": target not alive");
      Shard shard = fleet.shards.get(m.shardId());
      assertEquals(shard.getEpoch(), m.expectedEpoch(), what);
      List<String> replicas = shard.getReplicasList();
      switch (m.kind()) {
        case PROMOTE -> assertTrue(replicas.indexOf(m.to()) > 0 && replicas.get(0).equals(m.from()), what);
        case OWNER -> assertTrue(replicas.get(0).equals(m.from()) && !replicas.contains(m.to()), what);
        case REPLICA -> assertTrue(replicas.indexOf(m.from()) > 0 && !replicas.contains(m.to()), what);
        default -> throw new AssertionError(what);
      }
      if (m.reason().startsWith("balance")) {
        assertTrue(m.scoreAfter() < m.scoreBefore(), what + ": a balance move must lower the score");
        if (fleet.namespace.getPlacement().getSpreadZones()) {
          assertFalse(zonesAfter(fleet, replicas, m) < zones(fleet, replicas), what + ": lowered the zone spread");
        }
      }
    }
  }

  private static long zones(Fleet fleet, List<String> replicas) {
    return replicas.stream().map(id -> fleet.nodes.get(id).getZone()).distinct().count();
  }

  private static long zonesAfter(Fleet fleet, List<String> replicas, Move m) {
    List<String> after = new ArrayList<>(replicas);
    if (m.kind() != Move.Kind.PROMOTE) {
      after.set(after.indexOf(m.from()), m.to());
    }
    return zones(fleet, after);
  }

  private static Fleet randomFleet(Random random, boolean signals) {
    int nodes = 3 + random.nextInt(10);
    int zones = 1 + random.nextInt(3);
    int replication = 1 + random.nextInt(Math.min(3, nodes));
    Fleet fleet = new Fleet(replication, random.nextBoolean());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      String id = "n" + i;
      ids.add(id);
      fleet.node(id, "z" + random.nextInt(zones), 1 + random.nextInt(3));
      if (signals) {
        fleet.health.put(id, new PeerHealth(id, Liveness.ALIVE, random.nextDouble() * 150, random.nextDouble(),
            random.nextDouble() * 0.2));
      }
    }
    // A few nodes in trouble, never all of them.
    for (int i = 0; i < nodes / 3; i++) {
      String id = ids.get(random.nextInt(nodes));
      switch (random.nextInt(5)) {
        case 0 -> fleet.state(id, NodeState.NODE_CORDONED);
        case 1 -> fleet.state(id, NodeState.NODE_DRAINING);
        case 2 -> fleet.liveness(id, Liveness.SUSPECT);
        case 3 -> fleet.liveness(id, Liveness.DEAD);
        default -> fleet.health.remove(id);
      }
    }
    int shards = 1 + random.nextInt(60);
    // Skewed start: the first few nodes hold most shards.
    for (int s = 0; s < shards; s++) {
      List<String> pool = new ArrayList<>(ids.subList(0, Math.max(replication, 1 + random.nextInt(nodes))));
      Collections.shuffle(pool, random);
      fleet.shard(s, pool.subList(0, replication).toArray(String[]::new));
    }
    return fleet;
  }

  @Test
  void seedsAreIndependentOfEachOther() {
    Map<String, Double> w = PlanPolicy.defaultWeights();
    Fleet a = randomFleet(new Random(7), false);
    Fleet b = randomFleet(new Random(7), false);
    PlanPolicy policy = new PlanPolicy(0.2, 0.1, 5, 2, w);
    assertEquals(planner.plan(a.input(policy, false)), planner.plan(b.input(policy, false)));
  }
}
