package io.meshkit.server;

import io.meshkit.federation.replication.ReplicationStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * Replication into this cluster (federation), from the replicator's status: lag in revisions and
 * seconds, the checkpoint, batches and resyncs, and whether this member is streaming (it holds the
 * federation office and this cluster follows a primary).
 */
final class FederationMeters {
  private FederationMeters() {}

  static void bind(MeterRegistry registry, Supplier<ReplicationStatus> status) {
    Gauge.builder("meshkit.federation.replication.lag.revisions", status, s -> s.get().lagRevisions())
        .description("Source revisions seen but not yet applied here").register(registry);
    Gauge.builder("meshkit.federation.replication.lag.seconds", status, s -> s.get().lagSeconds())
        .description("How long the oldest change not yet applied here has waited").register(registry);
    Gauge.builder("meshkit.federation.replication.silent.seconds", status,
            s -> s.get().silentSeconds(System.currentTimeMillis()))
        .description("Seconds since the primary last said anything (it sends progress every watchProgressInterval);"
            + " grows while the stream is cut off, when the lag cannot").register(registry);
    Gauge.builder("meshkit.federation.replication.checkpoint", status, s -> s.get().checkpoint())
        .description("The source revision applied here").register(registry);
    Gauge.builder("meshkit.federation.replication.streaming", status, s -> "idle".equals(s.get().state()) ? 0 : 1)
        .description("1 while this member replicates from a primary").register(registry);
    FunctionCounter.builder("meshkit.federation.replication.batches", status, s -> s.get().batches())
        .description("Replication batches applied (from the checkpoint)").register(registry);
    FunctionCounter.builder("meshkit.federation.replication.resyncs", status, s -> s.get().resyncs())
        .description("Full resyncs from a snapshot of the primary").register(registry);
  }
}
