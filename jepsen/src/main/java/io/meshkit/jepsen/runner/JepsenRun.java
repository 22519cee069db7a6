package io.meshkit.jepsen.runner;

import io.meshkit.jepsen.History;
import io.meshkit.jepsen.HistoryJson;
import io.meshkit.jepsen.HistoryRecorder;
import io.meshkit.jepsen.Verdict;
import io.meshkit.jepsen.cluster.DockerCluster;
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
import java.util.List;
import java.util.function.Function;

/**
 * One run on a running cluster: workload and nemesis for the set duration; then every fault healed,
 * the cluster healthy again, the workload's final reads; then the history written to
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
  public static RunResult run(DockerCluster cluster, String database, RunOptions options,
      Function<String, KvClient> kvClients, Path runsDir) throws IOException, InterruptedException {
    String runName = options.workload() + (options.serializableReads() ? "-serializable" : "") + "-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-s" + options.seed();
    Path runDir = runsDir.resolve(runName);
    Instant started = Instant.now();
    Files.createDirectories(runDir);
    Workload workload = Workloads.create(options.workload());
    HistoryRecorder recorder = new HistoryRecorder();
    WorkloadContext ctx = new WorkloadContext(runName, cluster.endpoints(), kvClients, recorder, options.seed(),
        options.duration(), options.rate(), options.concurrency(), options.serializableReads(), runDir);
    Nemesis nemesis = Nemeses.parse(options.nemesis());
    NemesisSchedule schedule = nemesis == null ? null
        : new NemesisSchedule(nemesis, cluster, recorder, options.seed(), options.nemesisQuiet(), options.nemesisHold());
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
    cluster.awaitHealthy(RECOVERY_TIMEOUT);
    workload.finish(ctx);
    History history = recorder.history();
    HistoryJson.write(history, runDir.resolve("history.jsonl"));
    List<CheckSection> sections = workload.check(history, ctx);
    Verdict verdict = sections.stream().map(CheckSection::verdict).reduce(Verdict.VALID, Verdict::and);
    RunResult result = new RunResult(runName, runDir, verdict, sections, history.pairs().size());
    RunReports.write(result, options, history, started, database);
    return result;
  }
}
