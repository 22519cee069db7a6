package io.meshkit.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The probes' metrics: {@code meshkit_probe_success{check}} (1 or 0 for the last round, NaN before the
 * first), {@code meshkit_probe_failures_total{check,reason}} and {@code meshkit_probe_latency_seconds{check}}
 * (a histogram of every attempt, failed ones included). Written by the runner's one thread.
 */
final class ProbeMeters {
  private final MeterRegistry registry;
  private final Map<String, AtomicReference<Double>> success;
  private final Map<String, Timer> latency;
  private final Map<List<String>, Counter> failures = new ConcurrentHashMap<>();

  /** Registers the success gauge and the latency histogram of each of {@code checks} at once. */
  ProbeMeters(MeterRegistry registry, List<String> checks) {
    this.registry = registry;
    this.success = checks.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), check -> {
      AtomicReference<Double> v = new AtomicReference<>(Double.NaN);
      Gauge.builder("meshkit.probe.success", v, AtomicReference::get).tag("check", check)
          .description("1 when the check passed in the last round, 0 when it failed").register(registry);
      return v;
    }));
    this.latency = checks.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), check ->
        Timer.builder("meshkit.probe.latency").tag("check", check).description("Time one check took, failed or not")
            .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30)).register(registry)));
  }

  void passed(String check, long nanos) {
    latency.get(check).record(nanos, TimeUnit.NANOSECONDS);
    success.get(check).set(1.0);
  }

  void failed(String check, String reason, long nanos) {
    latency.get(check).record(nanos, TimeUnit.NANOSECONDS);
    success.get(check).set(0.0);
    failures.computeIfAbsent(List.of(check, reason), k -> Counter.builder("meshkit.probe.failures")
        .tag("check", check).tag("reason", reason).description("Failed checks by reason").register(registry))
        .increment();
  }
}
