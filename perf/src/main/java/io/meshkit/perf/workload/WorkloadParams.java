package io.meshkit.perf.workload;

/** Sizes of the workloads that have any: watchers for watch-fanout, leases for lease-keepalive. */
public record WorkloadParams(int watchers, int leases) {}
