package io.meshkit.perf.compare;

import io.meshkit.perf.cluster.EtcdCluster;
import io.meshkit.perf.cluster.LocalCluster;
import io.meshkit.perf.cluster.MeshkitCluster;
import io.meshkit.perf.systems.EtcdTarget;
import io.meshkit.perf.systems.KvTarget;
import io.meshkit.perf.systems.MeshkitTarget;
import io.meshkit.perf.workload.WorkloadKind;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A side-by-side comparison in one invocation: starts a MeshKit and an etcd cluster on loopback,
 * runs every run of the plan against both (alternating which goes first, so neither always runs on
 * a warmer machine), derives the half-of-etcd's-peak put run from the sweep, checks the targets and
 * writes the report. Progress goes to {@code progress}, one line per system and run.
 */
public final class Compare {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DRAIN = Duration.ofSeconds(15);
  private static final long PAUSE_BETWEEN_RUNS_MS = 1000;

  private final ComparePlan plan;
  private final Path serverJar;
  private final Path workDir;
  private final PrintStream progress;

  /**
   * @param workDir where the clusters keep their data and logs (one subdirectory per system)
   */
  public Compare(ComparePlan plan, Path serverJar, Path workDir, PrintStream progress) {
    this.plan = plan;
    this.serverJar = serverJar;
    this.workDir = workDir;
    this.progress = progress;
  }

  /** Runs the comparison and writes its report under {@code reportDir}; returns the report. */
  public CompareReport run(String command, Path reportDir) throws Exception {
    RunExecutor executor = new RunExecutor(plan.warmup(), plan.measure(), DRAIN);
    progress.println("starting a MeshKit and an etcd cluster (three members each) under " + workDir);
    try (LocalCluster meshkit = MeshkitCluster.start(serverJar, workDir.resolve("meshkit"));
        LocalCluster etcd = EtcdCluster.start(workDir.resolve("etcd"));
        KvTarget meshkitTarget = new MeshkitTarget(meshkit.clientEndpoints(), CALL_TIMEOUT);
        KvTarget etcdTarget = new EtcdTarget(etcd.clientEndpoints(), CALL_TIMEOUT)) {
      Side mk = new Side(meshkit, meshkitTarget);
      Side et = new Side(etcd, etcdTarget);
      if (!plan.clusterWarmup().isZero()) {
        RunExecutor warmer = new RunExecutor(Duration.ZERO, plan.clusterWarmup(), DRAIN);
        for (Side side : List.of(mk, et)) {
          progress.println("warming up " + side.target().system() + " for " + plan.clusterWarmup().toSeconds()
              + " s (" + plan.clusterWarmupRun().label() + ", not recorded)");
          warmer.execute(side.cluster(), side.target(), plan.clusterWarmupRun());
        }
      }
      List<RunSpec> runs = new ArrayList<>(plan.fixedRuns());
      int total = runs.size() + (plan.workloads().contains(WorkloadKind.PUT) ? 1 : 0);
      List<Pair> pairs = new ArrayList<>();
      for (RunSpec spec : runs) {
        pairs.add(pair(executor, spec, mk, et, pairs.size(), total));
      }
      double etcdPeakPuts = pairs.stream()
          .filter(p -> p.spec().workload() == WorkloadKind.PUT && !p.spec().load().isOpen())
          .mapToDouble(p -> p.etcd().opsPerSecond()).max().orElse(0);
      Optional<RunSpec> halfPeak = etcdPeakPuts >= 2 ? Optional.of(plan.halfPeakPuts(etcdPeakPuts)) : Optional.empty();
      if (halfPeak.isPresent()) {
        pairs.add(pair(executor, halfPeak.get(), mk, et, pairs.size(), total));
      }
      List<TargetCheck> targets = Targets.check(pairs, plan.fixedRatePuts(), halfPeak);
      CompareReport report = new CompareReport(command, plan, List.of(meshkit.description(), etcd.description()),
          pairs, targets);
      Path written = report.write(reportDir);
      progress.println("report: " + written);
      return report;
    }
  }

  private record Side(LocalCluster cluster, KvTarget target) {}

  private Pair pair(RunExecutor executor, RunSpec spec, Side meshkit, Side etcd, int index, int total)
      throws Exception {
    boolean meshkitFirst = index % 2 == 0;
    RunResult first = runOne(executor, spec, meshkitFirst ? meshkit : etcd, index, total);
    RunResult second = runOne(executor, spec, meshkitFirst ? etcd : meshkit, index, total);
    return meshkitFirst ? new Pair(spec, first, second) : new Pair(spec, second, first);
  }

  private RunResult runOne(RunExecutor executor, RunSpec spec, Side side, int index, int total) throws Exception {
    progress.printf(Locale.ROOT, "[%d/%d] %-45s %-8s ", index + 1, total, spec.label(), side.target().system());
    progress.flush();
    RunResult r = executor.execute(side.cluster(), side.target(), spec);
    progress.printf(Locale.ROOT, "%9.0f ops/s  p50 %7.2f ms  p99 %7.2f ms  errors %d%n", r.opsPerSecond(),
        r.latency().p50(), r.latency().p99(), r.errorCount());
    TimeUnit.MILLISECONDS.sleep(PAUSE_BETWEEN_RUNS_MS);
    return r;
  }
}
