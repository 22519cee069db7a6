package io.meshkit.jepsen.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meshkit.jepsen.Verdict;
import io.meshkit.jepsen.cluster.DockerCluster;
import io.meshkit.jepsen.cluster.MeshkitArtifacts;
import io.meshkit.jepsen.cluster.MeshkitProgram;
import io.meshkit.jepsen.runner.JepsenRun;
import io.meshkit.jepsen.runner.RunOptions;
import io.meshkit.jepsen.runner.RunResult;
import io.meshkit.jepsen.workload.MeshkitKvClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The short Jepsen suite of CI: each workload for about 40 s against a three-node MeshKit cluster in
 * containers, with every kind of fault, must check valid; and the negative control - the register
 * workload with serializable reads while partitions isolate nodes - must be caught as not
 * linearizable. Long runs: {@code bin/jepsen} (docs/jepsen.md).
 */
class JepsenSuiteIT {
  private static final Path RUNS = Path.of("target/runs");
  private static final Duration SHORT = Duration.ofSeconds(40);
  private static DockerCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = DockerCluster.start(MeshkitArtifacts.program(), 3, MeshkitArtifacts.serverTarget(),
        MeshkitProgram.SERVER_DIR, RUNS.resolve("suite-nodes"), Duration.ofSeconds(90));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static RunResult run(RunOptions options) throws Exception {
    RunResult result = JepsenRun.run(cluster, "meshkit", options, e -> new MeshkitKvClient(e, Duration.ofSeconds(3)), RUNS);
    System.out.println(result.describe());
    return result;
  }

  @Test
  void registerIsLinearizableUnderEveryFault() throws Exception {
    RunResult result = run(RunOptions.defaults("register", "all", 1).withDuration(SHORT));
    assertEquals(Verdict.VALID, result.verdict(), result.describe());
  }

  @Test
  void setLosesNothingUnderEveryFault() throws Exception {
    RunResult result = run(RunOptions.defaults("set", "all", 2).withDuration(SHORT));
    assertEquals(Verdict.VALID, result.verdict(), result.describe());
  }

  @Test
  void leadershipIsExclusiveAndFencedUnderEveryFault() throws Exception {
    RunResult result = run(RunOptions.defaults("leadership", "all", 4).withDuration(SHORT));
    assertEquals(Verdict.VALID, result.verdict(), result.describe());
  }

  @Test
  void watchDeliversEveryChangeOnceInOrderUnderEveryFault() throws Exception {
    RunResult result = run(RunOptions.defaults("watch", "all", 5).withDuration(SHORT));
    assertEquals(Verdict.VALID, result.verdict(), result.describe());
  }

  @Test
  void negativeControlSerializableReadsUnderPartitionAreCaught() throws Exception {
    RunResult result = run(RunOptions.defaults("register", "partition-halves,partition-leader", 3)
        .withDuration(SHORT).withSerializableReads(true)
        .withNemesisTiming(Duration.ofSeconds(2), Duration.ofSeconds(8)));
    assertEquals(Verdict.INVALID, result.verdict(),
        "stale local reads during partitions must be flagged as not linearizable:\n" + result.describe());
  }
}
