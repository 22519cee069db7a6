package io.meshkit.server;

import io.meshkit.leadership.lease.LeaseMetrics;
import io.meshkit.leadership.lease.Leases;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The lease subsystem's metrics in the member's registry. */
final class LeaseMeters implements LeaseMetrics {
  private final MeterRegistry registry;
  private final Counter grants;
  private final Counter revokes;
  private final Counter expiries;
  private final Counter keepalives;

  LeaseMeters(MeterRegistry registry) {
    this.registry = registry;
    this.grants = Counter.builder("meshkit.lease.grants").description("Leases granted through this member")
        .register(registry);
    this.revokes = Counter.builder("meshkit.lease.revokes").description("Leases revoked through this member")
        .register(registry);
    this.expiries = Counter.builder("meshkit.lease.expiries").description("Leases this member expired as leader")
        .register(registry);
    this.keepalives = Counter.builder("meshkit.lease.keepalives")
        .description("Keepalives answered by this member (rate = keepalive rate)").register(registry);
  }

  /** Gauges that read the running subsystem when scraped. */
  void bind(Leases leases) {
    Gauge.builder("meshkit.leases.active", leases, Leases::trackedByLeader)
        .description("Leases tracked by this member as leader (0 on followers)").register(registry);
  }

  @Override
  public void granted() {
    grants.increment();
  }

  @Override
  public void revoked() {
    revokes.increment();
  }

  @Override
  public void expired(int count) {
    expiries.increment(count);
  }

  @Override
  public void renewed() {
    keepalives.increment();
  }
}
