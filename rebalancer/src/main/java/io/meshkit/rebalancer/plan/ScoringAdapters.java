package io.meshkit.rebalancer.plan;

import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The scoring adapters a planner uses, by name: the built-ins, then any found by
 * {@link ServiceLoader}, then any registered explicitly. A name is taken once. Not thread-safe while
 * registering; register before planning.
 */
public final class ScoringAdapters {
  /** Owned shards against capacity-weighted fair shares. */
  public static final String BALANCE = "balance";
  /** Shards owned by nodes with a high probe round-trip time (100 ms and above count fully). */
  public static final String LATENCY = "latency";
  /** Shards owned by nodes that report backpressure. */
  public static final String BACKPRESSURE = "backpressure";
  /** Shards owned by nodes that report errors. */
  public static final String ERRORS = "errors";
  private static final double FULL_LATENCY_MS = 100;

  private final Map<String, ScoringAdapter> byName = new TreeMap<>();

  private ScoringAdapters() {}

  /** The built-ins only. */
  public static ScoringAdapters builtIn() {
    ScoringAdapters adapters = new ScoringAdapters();
    adapters.register(new NamedAdapter(BALANCE, ScoringAdapters::overload));
    adapters.register(ownerWeighted(LATENCY, h -> Math.min(1, Math.max(0, h.rttMillis()) / FULL_LATENCY_MS)));
    adapters.register(ownerWeighted(BACKPRESSURE, h -> clamp(h.backpressure())));
    adapters.register(ownerWeighted(ERRORS, h -> clamp(h.errorRate())));
    return adapters;
  }

  /** The built-ins plus every provider on the class path. */
  public static ScoringAdapters load() {
    ScoringAdapters adapters = builtIn();
    ServiceLoader.load(ScoringAdapter.class).forEach(adapters::register);
    return adapters;
  }

  /** @throws IllegalArgumentException if an adapter of that name is already registered */
  public ScoringAdapters register(ScoringAdapter adapter) {
    ScoringAdapter previous = byName.putIfAbsent(adapter.name(), adapter);
    if (previous != null) {
      throw new IllegalArgumentException("a scoring adapter named \"" + adapter.name() + "\" is already registered ("
          + previous.getClass().getName() + "); give " + adapter.getClass().getName() + " another name");
    }
    return this;
  }

  public Map<String, ScoringAdapter> byName() {
    return Collections.unmodifiableMap(byName);
  }

  /** Σ weight × cost over the adapters with a positive weight; unknown names in {@code weights} are ignored. */
  public double score(LayoutView layout, Map<String, Double> weights) {
    double score = 0;
    for (Map.Entry<String, Double> w : new TreeMap<>(weights).entrySet()) {
      ScoringAdapter adapter = byName.get(w.getKey());
      if (adapter != null && w.getValue() > 0) {
        score += w.getValue() * adapter.cost(layout);
      }
    }
    return score;
  }

  /**
   * Balance: the sum over the population of the squared excess of owned shards over the fair share,
   * per shard. Moving one shard from a node above its share to one below always lowers it.
   */
  private static double overload(LayoutView layout) {
    double sum = 0;
    for (String node : layout.population()) {
      double excess = layout.owned(node) - layout.fairShare(node);
      if (excess > 0) {
        sum += excess * excess;
      }
    }
    return sum / Math.max(1, layout.shardCount());
  }

  /** The share of shards owned by nodes, each counted with {@code signal} of its health (0..1). */
  private static ScoringAdapter ownerWeighted(String name, ToDoubleFunction<PeerHealth> signal) {
    return new NamedAdapter(name, layout -> {
      double sum = 0;
      for (String node : layout.population()) {
        sum += layout.owned(node) * signal.applyAsDouble(layout.health(node));
      }
      return sum / Math.max(1, layout.shardCount());
    });
  }

  private static double clamp(double v) {
    return Double.isNaN(v) ? 0 : Math.min(1, Math.max(0, v));
  }

  private record NamedAdapter(String name, ToDoubleFunction<LayoutView> function) implements ScoringAdapter {
    @Override
    public double cost(LayoutView layout) {
      return function.applyAsDouble(layout);
    }
  }
}
