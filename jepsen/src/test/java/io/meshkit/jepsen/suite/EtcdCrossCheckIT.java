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
 * The cross-check: the register and set workloads, nemeses and checkers of the suite, run through
 * jetcd against a three-node etcd 3.4 cluster in the same node containers. etcd's linearizable reads
 * and writes must check valid under every fault, and its serializable reads - which a member
 * partitioned from the leader answers from its own, stale state - must be caught. A checker that
 * passed MeshKit but judged etcd otherwise would be suspect.
 */
class EtcdCrossCheckIT extends ClusterSuite {
  private static final Duration SHORT = Duration.ofSeconds(30);

  @Override
  Database database() {
    return Database.ETCD;
  }

  @ParameterizedTest(name = "etcd {0} under every fault")
  @CsvSource({"register, 20", "set, 17"})
  void etcdChecksValidUnderEveryFault(String workload, long seed) throws Exception {
    RunResult result = run(RunOptions.defaults(workload, "all", seed).withDuration(SHORT));
    assertEquals(Verdict.VALID, result.verdict(), result.describe());
  }

  @Test
  void etcdSerializableReadsUnderPartitionAreCaught() throws Exception {
    RunResult result = run(negativeControl("register", 13, SHORT));
    assertEquals(Verdict.INVALID, result.verdict(),
        "etcd's serializable reads are stale on a partitioned member and must be flagged:\n" + result.describe());
  }
}
