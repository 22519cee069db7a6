package io.meshkit.jepsen.suite;

import io.meshkit.jepsen.cluster.DockerCluster;
import io.meshkit.jepsen.runner.Database;
import io.meshkit.jepsen.runner.JepsenRun;
import io.meshkit.jepsen.runner.RunOptions;
import io.meshkit.jepsen.runner.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One three-node cluster of {@link #database()} in containers, shared by a test class's runs (each
 * run uses keys of its own). Runs are written to {@code target/runs}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClusterSuite {
  static final Path RUNS = Path.of("target/runs");
  private DockerCluster cluster;

  abstract Database database();

  /**
   * Starts a fresh cluster: node directories left by an earlier build are removed first (etcd would
   * otherwise rejoin with the peer addresses of a network that no longer exists and never elect).
   */
  @BeforeAll
  void startCluster() throws Exception {
    Path nodes = RUNS.resolve(database().label() + "-suite-nodes");
    if (Files.exists(nodes)) {
      try (Stream<Path> paths = Files.walk(nodes)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    cluster = database().start(3, nodes, Duration.ofSeconds(90));
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Runs {@code options} on the cluster and prints the outcome. */
  RunResult run(RunOptions options) throws Exception {
    RunResult result = JepsenRun.run(cluster, database().label(), options, database()::client, RUNS);
    System.out.println(result.describe());
    return result;
  }

  /**
   * A negative control: the workload's reads served locally (serializable, possibly stale) while
   * partitions keep isolating nodes. A correct checker must flag such a history.
   */
  static RunOptions negativeControl(String workload, long seed, Duration duration) {
    return RunOptions.defaults(workload, "partition-halves,partition-leader", seed).withDuration(duration)
        .withSerializableReads(true).withNemesisTiming(Duration.ofSeconds(2), Duration.ofSeconds(8));
  }
}
