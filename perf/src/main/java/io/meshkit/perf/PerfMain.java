package io.meshkit.perf;

import io.meshkit.perf.compare.Compare;
import io.meshkit.perf.compare.ComparePlan;
import io.meshkit.perf.compare.CompareReport;
import io.meshkit.perf.workload.WorkloadKind;
import java.nio.file.Files;
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
import picocli.CommandLine.Option;

/** {@code bin/perf}: MeshKit's performance suite. */
@Command(name = "perf", mixinStandardHelpOptions = true, subcommands = {PerfMain.CompareCommand.class, PerfMain.RunCommand.class, PerfMain.RecoveryCommand.class},
    description = "MeshKit's performance suite: the same load generator against MeshKit and etcd 3.4.")
public final class PerfMain implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new PerfMain()).execute(args));
  }

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
  static final class CompareCommand implements Callable<Integer> {
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

    @Option(names = "--out", paramLabel = "DIR", description = "Report directory (default: perf/target/report)")
    Path out = Path.of("perf/target/report");

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Cluster data and logs, emptied first "
        + "(default: perf/target/compare-clusters)")
    Path workDir = Path.of("perf/target/compare-clusters");

    @Option(names = "--server-jar", paramLabel = "JAR", description = "The built MeshKit server "
        + "(default: server/target/meshkit-server-<version>.jar; bin/perf builds it)")
    Path serverJar;

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
      deleteRecursively(workDir);
      String command = "bin/perf " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
      try {
        CompareReport report = new Compare(plan, serverJar(), workDir, System.err).run(command.trim(), out);
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

    private Path serverJar() {
      if (serverJar != null) {
        return serverJar;
      }
      String configured = System.getProperty("meshkit.server.jar");
      if (configured == null) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "say which server to start: --server-jar server/target/meshkit-server-<version>.jar (bin/perf sets it)");
      }
      return Path.of(configured);
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Runs one workload against a cluster that is already running (e.g. bin/meshkit dev up) and "
          + "prints its result as JSON: for profiling and for trying a tuning without a full comparison."},
      footer = {"", "Examples:",
          "  bin/perf run --workload put --concurrency 64 --duration 60",
          "  bin/perf run --system etcd --endpoints 127.0.0.1:2379 --workload get-linearizable --concurrency 16",
          "  bin/perf run --workload put --rate 500 --pids $(cat .meshkit-dev/n*.pid)"})
  static final class RunCommand implements Callable<Integer> {
    @Option(names = "--system", description = "meshkit or etcd (default: ${DEFAULT-VALUE})")
    String system = "meshkit";

    @Option(names = "--endpoints", split = ",", paramLabel = "HOST:PORT",
        description = "Client addresses (default: the dev quorum, 127.0.0.1:7001,7002,7003)")
    List<String> endpoints = List.of("127.0.0.1:7001", "127.0.0.1:7002", "127.0.0.1:7003");

    @Option(names = "--workload", required = true, paramLabel = "NAME", description = "One of: ${COMPLETION-CANDIDATES}",
        completionCandidates = WorkloadNames.class)
    String workload;

    @Option(names = "--concurrency", paramLabel = "N", description = "Closed loop of N clients (default: 16 when no --rate)")
    Integer concurrency;

    @Option(names = "--rate", paramLabel = "OPS", description = "Open loop at OPS requests per second instead")
    Double rate;

    @Option(names = "--watchers", paramLabel = "N", description = "For watch-fanout (default: ${DEFAULT-VALUE})")
    int watchers = 50;

    @Option(names = "--leases", paramLabel = "N", description = "For lease-keepalive (default: ${DEFAULT-VALUE})")
    int leases = 10_000;

    @Option(names = "--warmup", paramLabel = "SECONDS", description = "Unrecorded start (default: ${DEFAULT-VALUE})")
    int warmupSeconds = 3;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Measured time (default: ${DEFAULT-VALUE})")
    int durationSeconds = 10;

    @Option(names = "--pids", split = ",", paramLabel = "PID", description = "Member processes to read CPU and memory of")
    List<Long> pids = List.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      io.meshkit.perf.compare.RunSpec run;
      try {
        io.meshkit.perf.compare.LoadShape load = rate != null ? io.meshkit.perf.compare.LoadShape.open(rate)
            : io.meshkit.perf.compare.LoadShape.closed(concurrency == null ? 16 : concurrency);
        run = new io.meshkit.perf.compare.RunSpec(WorkloadKind.parse(workload), load,
            new io.meshkit.perf.workload.WorkloadParams(watchers, leases));
        if (!List.of("meshkit", "etcd").contains(system)) {
          throw new IllegalArgumentException("--system must be meshkit or etcd, not '" + system + "'");
        }
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      Duration timeout = Duration.ofSeconds(10);
      try (io.meshkit.perf.systems.KvTarget target = system.equals("etcd")
          ? new io.meshkit.perf.systems.EtcdTarget(endpoints, timeout)
          : new io.meshkit.perf.systems.MeshkitTarget(endpoints, timeout)) {
        var result = new io.meshkit.perf.compare.RunExecutor(Duration.ofSeconds(warmupSeconds),
            Duration.ofSeconds(durationSeconds), Duration.ofSeconds(15))
            .execute(new io.meshkit.perf.cluster.RunningCluster(system, endpoints, pids), target, run);
        new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
            .writerFor(io.meshkit.perf.compare.RunResult.class).without(
                com.fasterxml.jackson.databind.SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .writeValue(System.out, result);
        System.out.println();
        return result.errorCount() == 0 ? 0 : 1;
      }
    }
  }

  @Command(name = "recovery", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Starts each system's three-member cluster in turn (one at a time), stores --keys keys, then "
          + "measures a follower's restart to ready, and its catch-up after --entries writes committed while it "
          + "was down. Prints a table and writes recovery.md under --out."},
      footer = {"", "Examples:", "  bin/perf recovery", "  bin/perf recovery --systems meshkit --keys 10000 --entries 10000"})
  static final class RecoveryCommand implements Callable<Integer> {
    @Option(names = "--systems", split = ",", paramLabel = "NAME", description = "meshkit, etcd (default: both)")
    List<String> systems = List.of("meshkit", "etcd");

    @Option(names = "--keys", paramLabel = "N", description = "Keys stored before the restart (default: ${DEFAULT-VALUE})")
    int keys = 100_000;

    @Option(names = "--entries", paramLabel = "N", description = "Writes committed while the follower is down "
        + "(default: ${DEFAULT-VALUE})")
    int entries = 100_000;

    @Option(names = "--out", paramLabel = "DIR", description = "Report directory (default: perf/target/report)")
    Path out = Path.of("perf/target/report");

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Cluster data and logs, emptied first "
        + "(default: perf/target/recovery-clusters)")
    Path workDir = Path.of("perf/target/recovery-clusters");

    @Option(names = "--server-jar", paramLabel = "JAR", description = "The built MeshKit server (bin/perf sets it)")
    Path serverJar;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (keys < 1 || entries < 1 || systems.stream().anyMatch(x -> !List.of("meshkit", "etcd").contains(x))) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--keys and --entries must be positive and --systems a list of meshkit and etcd");
      }
      Path jar = serverJar != null ? serverJar
          : Path.of(java.util.Objects.requireNonNullElse(System.getProperty("meshkit.server.jar"), ""));
      deleteRecursively(workDir);
      StringBuilder table = new StringBuilder("| system | keys | restart to ready s | entries behind | catch-up s |\n"
          + "|---|---|---|---|---|\n");
      for (String system : systems) {
        System.err.println("recovery: " + system + " (" + keys + " keys, " + entries + " entries behind)...");
        try (io.meshkit.perf.cluster.ManagedCluster cluster = system.equals("etcd")
            ? io.meshkit.perf.cluster.EtcdCluster.start(workDir.resolve(system))
            : io.meshkit.perf.cluster.MeshkitCluster.start(jar, workDir.resolve(system));
            io.meshkit.perf.systems.KvTarget target = system.equals("etcd")
                ? new io.meshkit.perf.systems.EtcdTarget(cluster.clientEndpoints(), Duration.ofSeconds(10))
                : new io.meshkit.perf.systems.MeshkitTarget(cluster.clientEndpoints(), Duration.ofSeconds(10))) {
          var r = io.meshkit.perf.compare.Recovery.measure(cluster, target, keys, entries);
          table.append(String.format(java.util.Locale.ROOT, "| %s | %d | %.2f | %d | %.2f |%n", r.system(), r.keys(),
              r.restartToReadySeconds(), r.entriesBehind(), r.catchUpSeconds()));
        } catch (IllegalStateException e) {
          System.err.println("perf: " + e.getMessage());
          return 1;
        }
      }
      Files.createDirectories(out);
      Files.writeString(out.resolve("recovery.md"), "# Recovery — " + java.time.Instant.now() + "\n\n" + table);
      System.out.print(table);
      return 0;
    }
  }

  /** The workload names, for --help. */
  static final class WorkloadNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Arrays.stream(WorkloadKind.values()).map(WorkloadKind::cliName).iterator();
    }
  }

  static void deleteRecursively(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
