package io.meshkit.jepsen.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meshkit.jepsen.Verdict;
import io.meshkit.jepsen.runner.Database;
import io.meshkit.jepsen.runner.RunOptions;
import io.meshkit.jepsen.runner.RunResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The short Jepsen suite of CI: each workload for 40 s against a three-node MeshKit cluster in
 * containers, with every kind of fault, must check valid; and the negative control - the register
 * workload with serializable reads while partitions isolate nodes - must be caught as not
 * linearizable. Long runs: {@code bin/jepsen} (docs/jepsen.md).
 */
class JepsenSuiteIT extends ClusterSuite {
  private static final Duration SHORT = Duration.ofSeconds(40);

  @Override
  Database database() {
    return Database.MESHKIT;
  }

  /** Each workload, 40 s under a mix of every fault, must check valid. */
  @ParameterizedTest(name = "{0} under every fault")
  @CsvSource({"register, 1", "set, 2", "leadership, 4", "watch, 5"})
  void workloadChecksValidUnderEveryFault(String workload, long seed) throws Exception {
    RunResult result = run(RunOptions.defaults(workload, "all", seed).withDuration(SHORT));
    assertEquals(Verdict.VALID, result.verdict(), result.describe());
  }

  @Test
  void negativeControlSerializableReadsUnderPartitionAreCaught() throws Exception {
    RunResult result = run(negativeControl(3, SHORT));
    assertEquals(Verdict.INVALID, result.verdict(),
        "stale local reads during partitions must be flagged as not linearizable:\n" + result.describe());
  }
}
