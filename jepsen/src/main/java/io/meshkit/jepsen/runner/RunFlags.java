package io.meshkit.jepsen.runner;

import io.meshkit.jepsen.Verdict;
import io.meshkit.jepsen.cluster.TestCluster;
import io.meshkit.jepsen.nemesis.Nemesis;
import io.meshkit.jepsen.workload.KvClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The options every way of running the suite shares (timing, load, seed, where runs go), and running the
 * chosen workloads one after another on a cluster. A picocli mixin of {@code bin/jepsen} and
 * {@code bin/jepsen chaos}.
 */
final class RunFlags {
  @Option(names = "--time", defaultValue = "60", description = "Seconds of client operations per workload "
      + "(default: ${DEFAULT-VALUE})")
  long seconds;

  @Option(names = "--rate", defaultValue = "100", description = "Target operations per second (default: ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--concurrency", defaultValue = "6", description = "Client processes (default: ${DEFAULT-VALUE})")
  int concurrency;

  @Option(names = "--seed", description = "Seed of every random choice (default: the current time)")
  Long seed;

  @Option(names = "--fault-every", defaultValue = "5",
      description = "Quiet seconds between faults, drawn from [s, 2s) (default: ${DEFAULT-VALUE})")
  long quietSeconds;

  @Option(names = "--fault-hold", defaultValue = "5",
      description = "Seconds each fault lasts, drawn from [s, 2s) (default: ${DEFAULT-VALUE})")
  long holdSeconds;

  @Option(names = "--runs-dir", defaultValue = "jepsen/target/runs", description = "Where runs are written "
      + "(default: ${DEFAULT-VALUE})")
  Path runsDir;

  private Long baseSeed;

  /** {@code --seed}, or the current time, fixed at first use: workload i of a series runs with base + i. */
  long baseSeed() {
    if (baseSeed == null) {
      baseSeed = seed != null ? seed : System.currentTimeMillis();
    }
    return baseSeed;
  }

  /**
   * Runs {@code workloads} one after the other on {@code cluster}, printing each outcome (verdict and report)
   * and the overall verdict.
   *
   * @param nemeses parses {@code nemesis} into the faults {@code cluster} can take
   * @return the exit status: 0 every run valid, 1 an anomaly was found, 2 a checker gave up
   */
  int runEach(TestCluster<?> cluster, String database, List<String> workloads, String nemesis,
      boolean serializableReads, Function<String, Nemesis> nemeses, Function<String, KvClient> clients)
      throws IOException, InterruptedException {
    List<RunResult> results = new ArrayList<>();
    for (int i = 0; i < workloads.size(); i++) {
      RunOptions options = new RunOptions(workloads.get(i), nemesis, Duration.ofSeconds(seconds), rate, concurrency,
          baseSeed() + i, Duration.ofSeconds(quietSeconds), Duration.ofSeconds(holdSeconds), serializableReads);
      System.out.printf("%s: %d s, nemesis %s, seed %d...%n", options.workload(), seconds, nemesis, options.seed());
      RunResult result = JepsenRun.run(cluster, database, options, nemeses, clients, runsDir);
      System.out.println(result.describe());
      results.add(result);
    }
    Verdict overall = results.stream().map(RunResult::verdict).reduce(Verdict.VALID, Verdict::and);
    System.out.println("overall: " + overall);
    return switch (overall) {
      case VALID -> 0;
      case INVALID -> 1;
      default -> 2;
    };
  }
}
