package io.meshkit.rebalancer.plan;

import io.meshkit.proto.v1.NodeState;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hyperscale case: one plan for {@code shards} shards (replication 3, zone spread) on
 * {@code nodes} nodes in five zones, from a fleet where the last quarter of the nodes just joined
 * empty ("join") or one node drains ("drain"). Target: well under a second per plan.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class RebalancePlannerBenchmark {
  @Param({"10000"})
  public int shards;

  @Param({"500"})
  public int nodes;

  @Param({"join", "drain"})
  public String scenario;

  private final RebalancePlanner planner = new RebalancePlanner(ScoringAdapters.builtIn());
  private PlanInput input;

  @Setup
  public void build() {
    Fleet fleet = new Fleet(3, true);
    int placed = scenario.equals("join") ? nodes - nodes / 4 : nodes;
    for (int i = 0; i < nodes; i++) {
      fleet.node("n" + i, "z" + i % 5, 1);
    }
    for (int s = 0; s < shards; s++) {
      // Three consecutive nodes: three zones, owners spread evenly over the placed nodes.
      fleet.shard(s, "n" + s % placed, "n" + (s + 1) % placed, "n" + (s + 2) % placed);
    }
    if (scenario.equals("drain")) {
      fleet.state("n0", NodeState.NODE_DRAINING);
    }
    input = fleet.input(new PlanPolicy(0.2, 0.1, 64, 8, PlanPolicy.defaultWeights()), false);
  }

  @Benchmark
  public Plan plan() {
    return planner.plan(input);
  }
}
