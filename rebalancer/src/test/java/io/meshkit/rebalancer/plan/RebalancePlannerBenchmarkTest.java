package io.meshkit.rebalancer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Keeps {@link RebalancePlannerBenchmark} honest and runnable: each scenario plans moves, within
 * the policy's caps. Says nothing about speed (that is {@code bin/perf jmh RebalancePlannerBenchmark}).
 */
class RebalancePlannerBenchmarkTest {

  @Test
  void joinIsCappedByMovesPerPlanAndDrainEmptiesTheNode() {
    Plan join = plan("join");
    assertEquals(64, join.moves().size(), "capped by max moves per plan: " + join.reason());
    assertEquals(7, join.moves().get(63).wave(), "eight moves per wave");
    Plan drain = plan("drain");
    assertEquals(60, drain.moves().size(), "n0 holds 60 of the 6,000 replicas: " + drain.reason());
    assertTrue(drain.moves().stream().allMatch(m -> m.from().equals("n0")), drain.toString());
  }

  private static Plan plan(String scenario) {
    RebalancePlannerBenchmark bench = new RebalancePlannerBenchmark();
    bench.shards = 2000;
    bench.nodes = 100;
    bench.scenario = scenario;
    bench.build();
    return bench.plan();
  }
}
