package io.meshkit.server;

import io.meshkit.proto.v1.MoveStep;
import io.meshkit.proto.v1.RebalanceState;
import io.meshkit.rebalancer.control.RebalanceMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The rebalance controller's metrics (docs/operations.md): whether this member's controller leads,
 * the state, imbalance and moves in flight per namespace (as the leading controller last saw them),
 * when the oldest in-flight move started, plans by outcome, move durations by outcome, and guardrail
 * blocks by guardrail.
 */
final class RebalanceMeters implements RebalanceMetrics {
  private final MeterRegistry registry;
  private final AtomicInteger leading = new AtomicInteger();
  private final Map<String, AtomicReference<Double>> imbalance = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> states = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> oldestMove = new ConcurrentHashMap<>();

  RebalanceMeters(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("meshkit.rebalance.controller.leading", leading, AtomicInteger::get)
        .description("1 while this member's rebalance controller leads scope meshkit/rebalancer").register(registry);
  }

  @Override
  public void leading(boolean leads) {
    leading.set(leads ? 1 : 0);
  }

  @Override
  public void state(String namespace, RebalanceState state) {
    states.computeIfAbsent(namespace, ns -> {
      AtomicInteger v = new AtomicInteger();
      Gauge.builder("meshkit.rebalance.state", v, AtomicInteger::get).tag("namespace", ns)
          .description("Rebalance state per namespace (RebalanceState number: 1 steady .. 9 cancelled)")
          .register(registry);
      return v;
    }).set(state.getNumber());
  }

  @Override
  public void imbalance(String namespace, double value) {
    imbalance.computeIfAbsent(namespace, ns -> {
      AtomicReference<Double> v = new AtomicReference<>(0.0);
      Gauge.builder("meshkit.rebalance.imbalance", v, AtomicReference::get).tag("namespace", ns)
          .description("How far the busiest node owns above its fair share at the last evaluation")
          .register(registry);
      return v;
    }).set(value);
  }

  @Override
  public void movesInFlight(String namespace, int moves) {
    inFlight.computeIfAbsent(namespace, ns -> {
      AtomicInteger v = new AtomicInteger();
      Gauge.builder("meshkit.rebalance.moves.in.flight", v, AtomicInteger::get).tag("namespace", ns)
          .description("Moves started and not ended in the namespace's executing plan").register(registry);
      return v;
    }).set(moves);
  }

  @Override
  public void oldestMoveStarted(String namespace, long unixMs) {
    oldestMove.computeIfAbsent(namespace, ns -> {
      AtomicLong v = new AtomicLong();
      Gauge.builder("meshkit.rebalance.oldest.move.started.seconds", v, a -> a.get() / 1000.0).tag("namespace", ns)
          .description("Unix time the oldest in-flight move took its first step (0: none); time() minus it is its age")
          .register(registry);
      return v;
    }).set(unixMs);
  }

  @Override
  public void guardrailBlocked(String guardrail) {
    Counter.builder("meshkit.rebalance.guardrail.blocks").tag("guardrail", guardrail)
        .description("Plans or steps held back, by guardrail").register(registry).increment();
  }

  @Override
  public void planEnded(RebalanceState outcome) {
    Counter.builder("meshkit.rebalance.plans").tag("outcome", text(outcome.name()))
        .description("Plans ended, by outcome").register(registry).increment();
  }

  @Override
  public void moveEnded(MoveStep outcome, long durationMs) {
    Timer.builder("meshkit.rebalance.move.duration").tag("outcome", text(outcome.name()))
        .description("From a move's first step to its end").register(registry).record(Duration.ofMillis(durationMs));
  }

  private static String text(String name) {
    return name.replace("REBALANCE_", "").replace("MOVE_", "").toLowerCase(Locale.ROOT);
  }
}
