package io.meshkit.jepsen.runner;

import io.meshkit.jepsen.History;
import io.meshkit.jepsen.HistoryJson;
import io.meshkit.jepsen.HistoryRecorder;
import io.meshkit.jepsen.Verdict;
import io.meshkit.jepsen.cluster.TestCluster;
import io.meshkit.jepsen.nemesis.Nemeses;
import io.meshkit.jepsen.nemesis.Nemesis;
import io.meshkit.jepsen.nemesis.NemesisSchedule;
import io.meshkit.jepsen.report.CheckSection;
import io.meshkit.jepsen.workload.KvClient;
import io.meshkit.jepsen.workload.Workload;
import io.meshkit.jepsen.workload.WorkloadContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One run on a running cluster: the workload's set-up (before any fault), then workload and nemesis for
 * the set duration; then every fault healed, the cluster healthy again, the workload's final reads; then
 * the history written to
 * {@code <runsDir>/<run>/history.jsonl}, checked, and reported ({@code index.html}, {@code summary.txt},
 * {@code latency.png}).
 */
public final class JepsenRun {
  private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(90);

  private JepsenRun() {}

  /**
   * @param database what the cluster runs, for the report (e.g. "meshkit 0.1.0")
   * @param kvClients opens a client bound to one endpoint (MeshKit's, or etcd's for the cross-check)
   * @throws IllegalStateException if the nemesis failed to act or the cluster did not recover after
   *     the heal (the latter is itself a finding: the report says which)
   */
  public static RunResult run(TestCluster<?> cluster, String database, RunOptions options,
      Function<String, KvClient> kvClients, Path runsDir) throws IOException, InterruptedException {
    return run(cluster, database, options, Nemeses::parse, kvClients, runsDir);
  }

  /** Now, as run and node directory names carry it: {@code yyyyMMdd-HHmmss}, local time. */
  public static String startStamp() {
    return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
  }

  /**
   * {@link #run(TestCluster, String, RunOptions, Function, Path)} with the faults the cluster can take:
   * {@code nemeses} parses {@code options.nemesis()} ({@link Nemeses#parseProcessFaults} for local processes).
   */
  public static RunResult run(TestCluster<?> cluster, String database, RunOptions options,
      Function<String, Nemesis> nemeses, Function<String, KvClient> kvClients, Path runsDir)
      throws IOException, InterruptedException {
    String runName = options.workload() + (options.serializableReads() ? "-serializable" : "") + "-"
        + startStamp() + "-s" + options.seed();
    Path runDir = runsDir.resolve(runName);
    Instant started = Instant.now();
    Files.createDirectories(runDir);
    Workload workload = Workloads.create(options.workload());
    HistoryRecorder recorder = new HistoryRecorder();
    WorkloadContext ctx = new WorkloadContext(runName, cluster.endpoints(), kvClients, recorder, options.seed(),
        options.duration(), options.rate(), options.concurrency(), options.serializableReads(), runDir);
    try {
      workload.setUp(cluster, ctx);
      Nemesis selected = nemeses.apply(options.nemesis());
      Nemesis nemesis = workload.nemesis(selected);
      if (Nemeses.actsBetweenClusters(nemesis) && cluster.peers().isEmpty()) {
        throw new IllegalArgumentException("nemesis " + nemesis.name() + " acts between clusters, but workload "
            + options.workload() + " runs one: " + String.join(", ", Nemeses.federationNames())
            + " go with --workload federation");
      }
      runUnderFaults(cluster, workload, ctx, nemesis, options);
      cluster.awaitHealthy(RECOVERY_TIMEOUT);
      workload.finish(ctx);
      History history = recorder.history();
      HistoryJson.write(history, runDir.resolve("history.jsonl"));
      List<CheckSection> sections = workload.check(history, ctx);
      Verdict verdict = sections.stream().map(CheckSection::verdict).reduce(Verdict.VALID, Verdict::and);
      RunResult result = new RunResult(runName, runDir, verdict, sections, history.pairs().size());
      RunReports.write(result, options, nemesisLabel(options.nemesis(), selected, nemesis), history, started,
          database);
      return result;
    } finally {
      workload.tearDown();
    }
  }

  /** {@code --nemesis} as given, followed by the faults the workload added to it, if any: "all + kill-standby". */
  private static String nemesisLabel(String given, Nemesis selected, Nemesis ran) {
    if (ran == selected) {
      return given;
    }
    Set<String> chosen = selected == null ? Set.of() : Set.of(selected.name().split(","));
    return given + " + " + Arrays.stream(ran.name().split(",")).filter(n -> !chosen.contains(n))
        .collect(Collectors.joining(","));
  }

  /** The workload's clients for the set duration while {@code nemesis} (null: none) acts; then every fault healed. */
  private static void runUnderFaults(TestCluster<?> cluster, Workload workload, WorkloadContext ctx, Nemesis nemesis,
      RunOptions options) throws InterruptedException {
    NemesisSchedule schedule = nemesis == null ? null
        : new NemesisSchedule(nemesis, cluster, ctx.recorder(), options.seed(), options.nemesisQuiet(),
            options.nemesisHold());
    try {
      if (schedule != null) {
        schedule.start();
      }
      workload.run(ctx);
    } finally {
      try {
        if (schedule != null) {
          schedule.stop();
        }
      } finally {
        cluster.healAll();
      }
    }
  }
}
