package io.meshkit.rebalancer.plan;

import io.meshkit.proto.v1.NamespacePolicy;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far a namespace may be rebalanced in one plan.
 *
 * @param imbalanceStart balance moves start when the busiest node owns more than this above its
 *     fair share (0.2 = 20 % above)
 * @param imbalanceStop once started, they continue until the imbalance is at or below this (hysteresis)
 * @param maxMovesPerPlan moves in one plan
 * @param maxConcurrentMoves moves executed at once (a plan's waves)
 * @param weights scoring adapter name → weight; adapters without a weight (or weight 0) do not count,
 *     names of adapters that are not registered are ignored
 */
public record PlanPolicy(double imbalanceStart, double imbalanceStop, int maxMovesPerPlan, int maxConcurrentMoves,
    Map<String, Double> weights) {
  public static final double DEFAULT_START = 0.2;
  public static final double DEFAULT_STOP = 0.1;
  public static final int DEFAULT_MOVES_PER_PLAN = 32;
  public static final int DEFAULT_CONCURRENT_MOVES = 3;

  public PlanPolicy {
    if (!(imbalanceStart >= 0) || !(imbalanceStop >= 0) || Double.isInfinite(imbalanceStart)) {
      throw new IllegalArgumentException("imbalance thresholds must be finite and >= 0, got start " + imbalanceStart
          + ", stop " + imbalanceStop);
    }
    if (imbalanceStop > imbalanceStart) {
      throw new IllegalArgumentException("imbalance stop " + imbalanceStop + " is above imbalance start "
          + imbalanceStart + ": set stop at or below start, or plans would oscillate");
    }
    if (maxMovesPerPlan < 1 || maxConcurrentMoves < 1) {
      throw new IllegalArgumentException("max moves per plan (" + maxMovesPerPlan + ") and max concurrent moves ("
          + maxConcurrentMoves + ") must be at least 1");
    }
    for (Map.Entry<String, Double> w : weights.entrySet()) {
      if (!(w.getValue() >= 0) || Double.isInfinite(w.getValue())) {
        throw new IllegalArgumentException("weight of scoring adapter " + w.getKey() + " must be finite and >= 0, got "
            + w.getValue());
      }
    }
    weights = java.util.Collections.unmodifiableMap(new TreeMap<>(weights));
  }

  /** The built-in weights: balance counts most; latency, backpressure and errors break ties. */
  public static Map<String, Double> defaultWeights() {
    return Map.of(ScoringAdapters.BALANCE, 1.0, ScoringAdapters.LATENCY, 0.5, ScoringAdapters.BACKPRESSURE, 0.5,
        ScoringAdapters.ERRORS, 0.5);
  }

  /** The namespace's stored policy, with unset (zero) fields at their defaults. */
  public static PlanPolicy from(NamespacePolicy policy) {
    boolean thresholdsSet = policy.getImbalanceStart() > 0 || policy.getImbalanceStop() > 0;
    return new PlanPolicy(thresholdsSet ? policy.getImbalanceStart() : DEFAULT_START,
        thresholdsSet ? policy.getImbalanceStop() : DEFAULT_STOP,
        policy.getMaxMovesPerPlan() > 0 ? policy.getMaxMovesPerPlan() : DEFAULT_MOVES_PER_PLAN,
        policy.getMaxConcurrentMoves() > 0 ? policy.getMaxConcurrentMoves() : DEFAULT_CONCURRENT_MOVES,
        policy.getScoringWeightsCount() > 0 ? policy.getScoringWeightsMap() : defaultWeights());
  }
}
