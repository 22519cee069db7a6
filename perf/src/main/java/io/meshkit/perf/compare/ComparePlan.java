package io.meshkit.perf.compare;

import io.meshkit.perf.workload.WorkloadKind;
import io.meshkit.perf.workload.WorkloadParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What {@code bin/perf compare} runs, sized for a two-core machine by default: after a warm-up of
 * each cluster, a put sweep over
 * client counts, reads, transactions and the mixed workload at fixed concurrency, watch fan-out and
 * lease keepalives at a fixed rate (each beside a plain put run at the same rate), and — derived
 * from the sweep — puts at half of etcd's peak put rate.
 */
public record ComparePlan(List<Integer> putConcurrency, int concurrency, int casConcurrency, int watchers,
    int leases, double fixedRate, Duration clusterWarmup, Duration warmup, Duration measure,
    Set<WorkloadKind> workloads) {

  /**
   * Unrecorded load each cluster gets once before the plan: puts and reads from 16 clients, so the
   * JVMs have compiled their hot paths (etcd, compiled ahead of time, gets the same for symmetry).
   */
  public RunSpec clusterWarmupRun() {
    return new RunSpec(WorkloadKind.MIXED, LoadShape.closed(16), new WorkloadParams(watchers, leases));
  }

  /** The runs that need no earlier result, in order. */
  public List<RunSpec> fixedRuns() {
    WorkloadParams params = new WorkloadParams(watchers, leases);
    List<RunSpec> runs = new ArrayList<>();
    if (workloads.contains(WorkloadKind.PUT)) {
      putConcurrency.forEach(c -> runs.add(new RunSpec(WorkloadKind.PUT, LoadShape.closed(c), params)));
    }
    for (WorkloadKind k : List.of(WorkloadKind.GET_LINEARIZABLE, WorkloadKind.GET_SERIALIZABLE, WorkloadKind.MIXED)) {
      if (workloads.contains(k)) {
        runs.add(new RunSpec(k, LoadShape.closed(concurrency), params));
      }
    }
    if (workloads.contains(WorkloadKind.TXN_CAS)) {
      runs.add(new RunSpec(WorkloadKind.TXN_CAS, LoadShape.closed(casConcurrency), params));
    }
    if (workloads.contains(WorkloadKind.WATCH_FANOUT) || workloads.contains(WorkloadKind.LEASE_KEEPALIVE)) {
      runs.add(fixedRatePuts());
    }
    if (workloads.contains(WorkloadKind.WATCH_FANOUT)) {
      runs.add(new RunSpec(WorkloadKind.WATCH_FANOUT, LoadShape.open(fixedRate), params));
    }
    if (workloads.contains(WorkloadKind.LEASE_KEEPALIVE)) {
      runs.add(new RunSpec(WorkloadKind.LEASE_KEEPALIVE, LoadShape.open(fixedRate), params));
    }
    return runs;
  }

  /** Plain puts at the fixed rate: the baseline of the watch and lease runs. */
  public RunSpec fixedRatePuts() {
    return new RunSpec(WorkloadKind.PUT, LoadShape.open(fixedRate), new WorkloadParams(watchers, leases));
  }

  /** Puts at half of etcd's best put throughput in the sweep. */
  public RunSpec halfPeakPuts(double etcdPeakPutsPerSecond) {
    return new RunSpec(WorkloadKind.PUT, LoadShape.open(Math.max(1, Math.round(etcdPeakPutsPerSecond / 2))),
        new WorkloadParams(watchers, leases));
  }
}
