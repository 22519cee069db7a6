package io.meshkit.perf.compare;

/** The same run on both systems. */
public record Pair(RunSpec spec, RunResult meshkit, RunResult etcd) {
  /** MeshKit's throughput over etcd's. */
  public double throughputRatio() {
    return meshkit.opsPerSecond() / etcd.opsPerSecond();
  }
}
