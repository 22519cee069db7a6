package io.meshkit.jepsen.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meshkit.jepsen.Verdict;
import io.meshkit.jepsen.cluster.DockerCluster;
import io.meshkit.jepsen.runner.Database;
import io.meshkit.jepsen.runner.JepsenRun;
import io.meshkit.jepsen.runner.RunOptions;
import io.meshkit.jepsen.runner.RunResult;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cross-check: the register and set workloads, nemeses and checkers of the suite, run through
 * jetcd against a three-node etcd 3.4 cluster in the same node containers. etcd's linearizable reads
 * and writes must check valid under every fault, and its serializable reads - which a member
 * partitioned from the leader answers from its own, stale state - must be caught. A checker that
 * passed MeshKit but judged etcd otherwise would be suspect. Runs are written to
 * {@code target/runs} with database "etcd".
 */
class EtcdCrossCheckIT {
  private static final Path RUNS = Path.of("target/runs");
  private static final Duration SHORT = Duration.ofSeconds(30);
  private static DockerCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = Database.ETCD.start(3, RUNS.resolve("etcd-cross-check-nodes"), Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static RunResult run(RunOptions options) throws Exception {
    RunResult result = JepsenRun.run(cluster, Database.ETCD.label(), options, Database.ETCD::client, RUNS);
    System.out.println(result.describe());
    return result;
  }

  @Test
  void etcdRegisterIsLinearizableUnderEveryFault() throws Exception {
    RunResult result = run(RunOptions.defaults("register", "all", 11).withDuration(SHORT));
    assertEquals(Verdict.VALID, result.verdict(), result.describe());
  }

  @Test
  void etcdSetLosesNothingUnderEveryFault() throws Exception {
    RunResult result = run(RunOptions.defaults("set", "all", 12).withDuration(SHORT));
    assertEquals(Verdict.VALID, result.verdict(), result.describe());
  }

  @Test
  void etcdSerializableReadsUnderPartitionAreCaught() throws Exception {
    RunResult result = run(RunOptions.defaults("register", "partition-halves,partition-leader", 13)
        .withDuration(SHORT).withSerializableReads(true)
        .withNemesisTiming(Duration.ofSeconds(2), Duration.ofSeconds(8)));
    assertEquals(Verdict.INVALID, result.verdict(),
        "etcd's serializable reads are stale on a partitioned member and must be flagged:\n" + result.describe());
  }
}
