package io.meshkit.perf;

import io.meshkit.perf.compare.Compare;
import io.meshkit.perf.compare.ComparePlan;
import io.meshkit.perf.compare.CompareReport;
import io.meshkit.perf.workload.WorkloadKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/perf compare}: both systems, every workload, the report. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Starts a three-member MeshKit cluster and a three-member etcd cluster on loopback, runs every "
            + "workload against both (alternating), and writes report.md, results.json and PNG charts.",
        "Measured, not asserted: targets not met are reported, not failed. Exit 0 when the report was "
            + "written, 1 when a cluster or run failed, 2 on bad options.",
        "",
        "Workloads: " + "put, get-linearizable, get-serializable, txn-cas, mixed, watch-fanout, lease-keepalive."},
    footer = {"", "Examples:",
        "  bin/perf compare                                  the default plan (about ten minutes on 2 cores)",
        "  bin/perf compare --workloads put --put-concurrency 1,8,32,128",
        "  bin/perf compare --quick                          a one-minute smoke of every workload"})
final class CompareCommand implements Callable<Integer> {
  @Option(names = "--workloads", split = ",", paramLabel = "NAME",
      description = "Workloads to run (default: all)")
  List<String> workloads;

  @Option(names = "--put-concurrency", split = ",", paramLabel = "N",
      description = "Client counts of the put sweep (default: 1,16,64)")
  List<Integer> putConcurrency = List.of(1, 16, 64);

  @Option(names = "--concurrency", paramLabel = "N",
      description = "Clients for the read and mixed workloads (default: ${DEFAULT-VALUE})")
  int concurrency = 64;

  @Option(names = "--cas-concurrency", paramLabel = "N", description = "Clients for txn-cas (default: ${DEFAULT-VALUE})")
  int casConcurrency = 16;

  @Option(names = "--rate", paramLabel = "OPS", description = "Put rate of the watch and lease runs and their "
      + "baseline (default: ${DEFAULT-VALUE}/s)")
  double rate = 200;

  @Option(names = "--watchers", paramLabel = "N", description = "Watchers of watch-fanout (default: ${DEFAULT-VALUE})")
  int watchers = 50;

  @Option(names = "--leases", paramLabel = "N", description = "Leases of lease-keepalive (default: ${DEFAULT-VALUE})")
  int leases = 10_000;

  @Option(names = "--cluster-warmup", paramLabel = "SECONDS", description = "Unrecorded load each cluster gets "
      + "before the first run, so the JVMs are compiled (default: ${DEFAULT-VALUE})")
  int clusterWarmupSeconds = 90;

  @Option(names = "--warmup", paramLabel = "SECONDS", description = "Warm-up per run (default: ${DEFAULT-VALUE})")
  int warmupSeconds = 3;

  @Option(names = "--duration", paramLabel = "SECONDS", description = "Measured time per run (default: ${DEFAULT-VALUE})")
  int durationSeconds = 10;

  @Option(names = "--quick", description = "A smoke-sized plan: 5 s cluster warm-up, 1 s warm-up, 2 s runs, "
      + "4 clients, 100 leases, 5 watchers, 50 puts/s (overrides the sizes above)")
  boolean quick;

  @Mixin
  ClusterDirs dirs = new ClusterDirs();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ComparePlan plan;
    try {
      plan = plan();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    Path jar = dirs.serverJar(spec.commandLine());
    Path workDir = dirs.freshWorkDir("compare");
    String command = "bin/perf " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    try {
      CompareReport report = new Compare(plan, jar, workDir, System.err).run(command.trim(), dirs.out);
      System.out.println();
      System.out.print(report.ratioTable());
      return 0;
    } catch (IllegalStateException e) {
      System.err.println("perf: " + e.getMessage());
      return 1;
    }
  }

  ComparePlan plan() {
    Set<WorkloadKind> kinds = workloads == null ? new LinkedHashSet<>(Arrays.asList(WorkloadKind.values()))
        : workloads.stream().map(WorkloadKind::parse).collect(Collectors.toCollection(LinkedHashSet::new));
    if (quick) {
      return new ComparePlan(List.of(1, 4), 4, 4, 5, 100, 50, Duration.ofSeconds(5), Duration.ofSeconds(1),
          Duration.ofSeconds(2), kinds);
    }
    if (warmupSeconds < 0 || clusterWarmupSeconds < 0 || durationSeconds < 1) {
      throw new IllegalArgumentException("--duration must be at least 1 s, --warmup and --cluster-warmup not negative");
    }
    return new ComparePlan(putConcurrency, concurrency, casConcurrency, watchers, leases, rate,
        Duration.ofSeconds(clusterWarmupSeconds), Duration.ofSeconds(warmupSeconds),
        Duration.ofSeconds(durationSeconds), kinds);
  }
}
