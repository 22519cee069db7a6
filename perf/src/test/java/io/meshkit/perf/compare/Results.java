package io.meshkit.perf.compare;

import java.util.List;
import java.util.Map;

/** Synthetic run results for report and target tests. */
final class Results {
  private Results() {}

  static RunResult of(String system, RunSpec spec, double opsPerSecond, double p99) {
    return new RunResult(system, spec.label(), spec.workload().cliName(), spec.load().label(),
        spec.load().concurrency(), spec.load().rate(), (long) (opsPerSecond * 10), 10, opsPerSecond,
        new RunResult.Percentiles(p99 / 4, p99 / 2, p99, p99 * 2, p99 * 3), Map.of(), List.of(1.0, 2.0, 3.0),
        List.of(100.0, 110.0, 120.0), 4.0, Map.of(), null,
        List.of(new double[] {0, p99 / 8}, new double[] {50, p99 / 4}, new double[] {99, p99}, new double[] {99.9, p99 * 2}));
  }

  static Pair pair(RunSpec spec, double meshkitOps, double etcdOps, double meshkitP99, double etcdP99) {
    return new Pair(spec, of("meshkit", spec, meshkitOps, meshkitP99), of("etcd", spec, etcdOps, etcdP99));
  }
}
