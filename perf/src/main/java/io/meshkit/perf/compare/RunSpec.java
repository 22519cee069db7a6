package io.meshkit.perf.compare;

import io.meshkit.perf.workload.WorkloadKind;
import io.meshkit.perf.workload.WorkloadParams;

/** One run of the plan: a workload under a load shape; executed once per system. */
public record RunSpec(WorkloadKind workload, LoadShape load, WorkloadParams params) {
  public RunSpec {
    if (workload.closedLoopOnly() && load.isOpen()) {
      throw new IllegalArgumentException(workload.cliName() + " runs only as a closed loop (it keeps one "
          + "request per client in flight); give it a concurrency instead of a rate");
    }
  }

  /** {@code put @ 64 clients}, {@code lease-keepalive (10000 leases) @ 200/s}. */
  public String label() {
    String size = switch (workload) {
      case WATCH_FANOUT -> " (" + params.watchers() + " watchers)";
      case LEASE_KEEPALIVE -> " (" + params.leases() + " leases)";
      default -> "";
    };
    return workload.cliName() + size + " @ " + load.label();
  }
}
