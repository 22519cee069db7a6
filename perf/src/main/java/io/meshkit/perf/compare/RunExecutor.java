package io.meshkit.perf.compare;

import io.meshkit.perf.cluster.LocalCluster;
import io.meshkit.perf.cluster.ProcessStats;
import io.meshkit.perf.load.ClosedLoop;
import io.meshkit.perf.load.OpenLoop;
import io.meshkit.perf.load.Outcomes;
import io.meshkit.perf.load.Window;
import io.meshkit.perf.systems.KvTarget;
import io.meshkit.perf.workload.Workload;
import io.meshkit.perf.workload.WorkloadFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Executes one {@link RunSpec} against one system: prepares the workload, resets the members' peak
 * RSS, drives the load through warm-up and window, and reads CPU in the window and peak memory.
 */
public final class RunExecutor {
  private final Duration warmup;
  private final Duration measure;
  private final Duration drain;

  public RunExecutor(Duration warmup, Duration measure, Duration drain) {
    this.warmup = warmup;
    this.measure = measure;
    this.drain = drain;
  }

  public RunResult execute(LocalCluster cluster, KvTarget target, RunSpec spec) throws Exception {
    try (Workload workload = spec.workload().create(target, spec.params())) {
      workload.prepare();
      Outcomes outcomes = new Outcomes(failure -> {
        WorkloadFailure f = WorkloadFailure.in(failure);
        return f != null ? f.code() : target.errorCode(failure);
      });
      List<ProcessHandle> members = cluster.processes();
      members.forEach(p -> ProcessStats.resetPeak(p.pid()));
      Window window = Window.startingNow(warmup, measure);
      CpuSampler memberCpu = new CpuSampler(members, window);
      CpuSampler generatorCpu = new CpuSampler(List.of(ProcessHandle.current()), window);
      workload.measuring(window);
      if (spec.load().isOpen()) {
        new OpenLoop(spec.load().rate(), LoadShape.MAX_OUTSTANDING, target.connections() * 16,
            workload.operation(), outcomes).run(window, drain);
      } else {
        new ClosedLoop(spec.load().concurrency(), workload.operation(), outcomes).run(window, drain);
      }
      List<Double> rss = members.stream().map(p -> ProcessStats.peakRssMib(p.pid())).toList();
      Histogram latency = outcomes.latency();
      var extras = workload.extras(window);
      Histogram extra = workload.extraLatency();
      return new RunResult(target.system(), spec.label(), spec.workload().cliName(), spec.load().label(),
          spec.load().concurrency(), spec.load().rate(), latency.getTotalCount(), window.seconds(),
          latency.getTotalCount() / window.seconds(), RunResult.Percentiles.of(latency), outcomes.errors(),
          memberCpu.cpuSeconds(), rss, generatorCpu.cpuSeconds().get(0), extras, extra == null ? null : RunResult.Percentiles.of(extra), curve(latency));
    }
  }

  /** (percentile, ms) points of the distribution, at HdrHistogram's percentile ticks. */
  private static List<double[]> curve(Histogram micros) {
    List<double[]> points = new ArrayList<>();
    if (micros.getTotalCount() == 0) {
      return points;
    }
    for (HistogramIterationValue v : micros.percentiles(5)) {
      points.add(new double[] {v.getPercentileLevelIteratedTo(), v.getValueIteratedTo() / 1000.0});
      if (v.getPercentileLevelIteratedTo() >= 99.999) {
        break;
      }
    }
    return points;
  }
}
