package io.meshkit.perf;

import io.meshkit.perf.cluster.MeshkitCluster;
import io.meshkit.perf.cluster.NginxServer;
import io.meshkit.perf.cluster.StandaloneRelay;
import io.meshkit.perf.compare.Machine;
import io.meshkit.perf.compare.TargetCheck;
import io.meshkit.perf.relay.BenchNamespace;
import io.meshkit.perf.relay.Comparison;
import io.meshkit.perf.relay.PathBench;
import io.meshkit.perf.relay.RelayReport;
import io.meshkit.perf.relay.Wrk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/perf relay}: the relay vs the backend directly vs nginx as a reverse proxy, through wrk. */
@Command(name = "relay", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Starts one backend (nginx answering 200 \"ok\\n\"), a three-member MeshKit cluster whose "
        + "namespace 'bench' has every shard on that backend, a relay routing it, and nginx as a reverse proxy to "
        + "the same backend; then runs wrk against the backend directly, the relay and nginx, each after a "
        + "warm-up run: first with --connections (throughput), then with --latency-connections (the latency a hop "
        + "adds). Prints a table and writes relay.md under --out.",
        "Measured, not asserted: targets not met are reported, not failed. Exit 0 when the report was written, "
            + "1 when a process or run failed, 2 on bad options."},
    footer = {"", "Examples:", "  bin/perf relay", "  bin/perf relay --connections 16 --duration 60",
        "  bin/perf relay --rounds 3 --latency-connections 0   throughput only, the median of 3 rounds",
        "  bin/perf relay --quick                 a smoke: 2 s warm-up, 3 s runs",
        "  bin/perf relay --rounds 3 --latency-connections 0 --baseline-jar /tmp/base/meshkit-server-0.1.0-SNAPSHOT.jar",
        "                                         this build against another, side by side in every round"})
final class RelayCommand implements Callable<Integer> {
  /** The shard key every request carries (one key: the routing work is the same for every key). */
  private static final String KEY = "bench-key";

  @Option(names = "--threads", paramLabel = "N", description = "wrk threads (default: ${DEFAULT-VALUE})")
  int threads = 2;

  @Option(names = "--connections", paramLabel = "N", description = "wrk connections, each one request in flight; "
      + "also the relay's maxConnectionsPerBackend and nginx's upstream keepalive (default: ${DEFAULT-VALUE})")
  int connections = 64;

  @Option(names = "--latency-connections", paramLabel = "N", description = "A second load with this many "
      + "connections (one wrk thread), light enough that no request queues behind another: the latency a hop adds "
      + "(default: ${DEFAULT-VALUE}; 0 = none)")
  int latencyConnections = 1;

  @Option(names = "--warmup", paramLabel = "SECONDS", description = "Unrecorded run before each path's measured "
      + "run (default: ${DEFAULT-VALUE})")
  int warmupSeconds = 15;

  @Option(names = "--duration", paramLabel = "SECONDS", description = "Measured run per path (default: "
      + "${DEFAULT-VALUE})")
  int durationSeconds = 30;

  @Option(names = "--rounds", paramLabel = "N", description = "Compare the three paths under the saturating load "
      + "N times, one after another; the throughput target is judged on the round with the median relay / nginx "
      + "ratio (a shared machine's runs drift by ±20 %%; default: ${DEFAULT-VALUE})")
  int rounds = 1;

  @Option(names = "--shards", paramLabel = "N", description = "Shards of namespace 'bench' (default: "
      + "${DEFAULT-VALUE})")
  int shards = 4;

  @Option(names = "--nginx-workers", paramLabel = "N", description = "The proxy nginx's worker_processes: a number "
      + "or auto, one per core (default: ${DEFAULT-VALUE}); the backend always has one")
  String nginxWorkers = "auto";

  @Option(names = "--relay-java-option", paramLabel = "OPTION", description = "A JVM option for the relay, after "
      + "bin/meshkit's (repeatable), e.g. -Dio.netty.eventLoopThreads=2")
  List<String> relayJavaOptions = new ArrayList<>();

  @Option(names = "--baseline-jar", paramLabel = "JAR", description = "A second relay, from another build of the "
      + "server jar (its lib/ beside it), measured in every round next to the relay (which goes first alternates "
      + "by round): relay / baseline per round and its median, the two builds under the same minutes' machine")
  Path baselineJar;

  @Option(names = "--baseline-java-option", paramLabel = "OPTION", description = "A JVM option for the baseline "
      + "relay instead of --relay-java-option's (repeatable); without --baseline-jar the baseline is this build: "
      + "a JVM setting against none, side by side")
  List<String> baselineJavaOptions;

  @Option(names = "--quick", description = "A smoke: 2 s warm-up, 3 s measured runs (overrides the durations)")
  boolean quick;

  @Mixin
  ClusterDirs dirs = new ClusterDirs();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (baselineJar != null && !Files.isRegularFile(baselineJar)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--baseline-jar " + baselineJar + ": no such file;"
          + " copy a built server/target/meshkit-server-*.jar with its lib/ folder somewhere and name that jar");
    }
    if (threads < 1 || connections < threads || latencyConnections < 0 || warmupSeconds < 1 || durationSeconds < 1
        || shards < 1 || rounds < 1 || !nginxWorkers.matches("auto|[1-9][0-9]*")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--threads, --shards, --rounds and the durations must be "
          + "positive, --connections at least --threads, --latency-connections not negative, --nginx-workers a number "
          + "or auto");
    }
    double loadBefore = Machine.loadAverage();
    Duration warmup = Duration.ofSeconds(quick ? 2 : warmupSeconds);
    Duration measure = Duration.ofSeconds(quick ? 3 : durationSeconds);
    Path jar = dirs.serverJar(spec.commandLine());
    Path work = dirs.freshWorkDir("relay");
    Map<String, String> headers = Map.of(StandaloneRelay.KEY_HEADER, KEY);
    try (NginxServer backend = NginxServer.backend(work.resolve("nginx"));
        MeshkitCluster cluster = MeshkitCluster.start(jar, work.resolve("meshkit"))) {
      BenchNamespace.create(cluster.clientEndpoints(), "127.0.0.1:" + backend.port(), shards);
      try (StandaloneRelay relay = StandaloneRelay.start(jar, work.resolve("relay"), cluster.clientEndpoints(),
              BenchNamespace.NAME, connections, relayJavaOptions);
          StandaloneRelay baseline = baselineJar(jar).isEmpty() ? null : StandaloneRelay.start(
              baselineJar(jar).get(), work.resolve("relay-baseline"), cluster.clientEndpoints(), BenchNamespace.NAME,
              connections, baselineOptions());
          NginxServer proxy = NginxServer.proxy(work.resolve("nginx"), backend.port(), connections, nginxWorkers)) {
        PathBench bench = new PathBench(warmup, measure, cluster.processes());
        PathBench.Proxy ours = new PathBench.Proxy(relay.url(), relay.process());
        Optional<PathBench.Proxy> base = Optional.ofNullable(baseline)
            .map(b -> new PathBench.Proxy(b.url(), b.process()));
        PathBench.Proxy nginx = new PathBench.Proxy(proxy.url(), proxy.process());
        List<Comparison> saturated = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
          saturated.add(bench.compare(new Wrk(threads, connections, headers), backend.url(), ours, base,
              round % 2 == 1, nginx));
        }
        Optional<Comparison> light = Optional.empty();
        if (latencyConnections > 0) {
          light = Optional.of(bench.compare(new Wrk(1, latencyConnections, headers), backend.url(), ours, nginx));
        }
        RelayReport report = new RelayReport(saturated, light);
        Files.createDirectories(dirs.out);
        Files.writeString(dirs.out.resolve("relay.md"), report.markdown("Relay vs nginx — " + Instant.now(),
            setup(warmup, measure, jar, loadBefore)));
        System.out.print(report.table() + "\n" + TargetCheck.table(report.targets())
            + report.baselineSummary().map(line -> "\n" + line + "\n").orElse(""));
        return 0;
      }
    } catch (IllegalStateException e) {
      System.err.println("perf: " + e.getMessage());
      return 1;
    }
  }

  /** The baseline relay's jar when there is one: --baseline-jar, or {@code jar} with only its own JVM options. */
  private Optional<Path> baselineJar(Path jar) {
    return baselineJar != null ? Optional.of(baselineJar)
        : baselineJavaOptions != null ? Optional.of(jar) : Optional.empty();
  }

  /** The baseline relay's JVM options: its own when given, else the relay's. */
  private List<String> baselineOptions() {
    return baselineJavaOptions == null ? relayJavaOptions : baselineJavaOptions;
  }

  private List<String> setup(Duration warmup, Duration measure, Path jar, double loadBefore) throws Exception {
    String nginx = NginxServer.version();
    return List.of("Command: `bin/perf " + String.join(" ", spec.commandLine().getParseResult().originalArgs())
            + "`",
        "Machine: " + Machine.describe() + "; 1-minute load average before the benchmark started: " + loadBefore
            + " (the table's is read after each warm-up, so it counts the benchmark's own processes)",
        "Load: " + Wrk.version() + ", GET / with `" + StandaloneRelay.KEY_HEADER + ": " + KEY + "`, each connection "
            + "one request in flight: " + threads + " threads with " + connections + " connections"
            + (latencyConnections > 0 ? ", then 1 thread with " + latencyConnections : "") + "; per path and load "
            + warmup.toSeconds()
            + " s warm-up, then " + measure.toSeconds() + " s measured"
            + (rounds > 1 ? "; the saturating load in " + rounds + " rounds (target: the median round's ratio)" : ""),
        "Backend: " + nginx + ", 1 worker, `return 200 \"ok\\n\"`, no access log",
        "direct: wrk to the backend; relay: the MeshKit relay (" + jar.getFileName() + ", its own JVM with the heap "
            + "settings of bin/meshkit" + (relayJavaOptions.isEmpty() ? "" : ", " + String.join(" ", relayJavaOptions))
            + ") routing namespace `" + BenchNamespace.NAME + "` (" + shards + " shards, all on the backend), "
            + "maxConnectionsPerBackend " + connections + "; nginx: " + nginx + " as a reverse proxy, "
            + "worker_processes " + nginxWorkers + ", upstream keepalive " + connections
            + ", HTTP/1.1, X-Forwarded-* set as the relay does",
        baselineJar(jar).map(b -> "baseline: a second relay from " + (b == jar ? jar.getFileName() : b)
            + (baselineOptions().isEmpty() ? ""
                : " with " + String.join(" ", baselineOptions())) + ", measured next to the relay in every "
            + "saturating round, before it in the even ones; ").orElse("") + "The three MeshKit members"
            + " run (idle) through every path's runs, all on the same machine as wrk");
  }
}
