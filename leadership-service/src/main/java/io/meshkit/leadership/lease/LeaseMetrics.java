package io.meshkit.leadership.lease;

/** What the lease subsystem reports; the server binds it to its metrics registry. */
public interface LeaseMetrics {
  default void granted() {}

  default void revoked() {}

  default void expired(int count) {}

  default void renewed() {}

  LeaseMetrics NONE = new LeaseMetrics() {};
}
