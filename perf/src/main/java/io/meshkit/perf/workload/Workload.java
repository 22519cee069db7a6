package io.meshkit.perf.workload;

import io.meshkit.perf.load.Operation;
import io.meshkit.perf.load.Window;
import java.util.Map;

/**
 * One workload bound to one system under test for one run: {@link #prepare} (not measured), then the
 * generator drives {@link #operation}, then {@link #extras} reports what the operation latency does
 * not show (watch deliveries, renewals), then {@link #close} releases watchers and streams.
 */
public interface Workload extends AutoCloseable {
  /** Preloads keys, opens watchers, grants leases: whatever must exist before measuring. */
  default void prepare() throws Exception {}

  /** Told the measurement window before the generator starts (for timings the operation does not see). */
  default void measuring(Window window) {}

  /** The request the generator measures. */
  Operation operation();

  /** Workload-specific results for the measurement window, by metric name (none by default). */
  default Map<String, Double> extras(Window window) {
    return Map.of();
  }

  /** A workload-specific latency histogram (microseconds) to report beside the operation's, or null. */
  default org.HdrHistogram.Histogram extraLatency() {
    return null;
  }

  @Override
  default void close() {}
}
