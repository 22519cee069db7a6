package io.meshkit.rebalancer.plan;

/**
 * One term of a layout's score (lower is better). The planner only makes moves that lower the
 * weighted sum of every adapter's cost, so no sequence of plans can oscillate. Register third-party
 * adapters with {@link ScoringAdapters#register} or as a {@link java.util.ServiceLoader} provider.
 *
 * <p>Contract: {@link #cost} is deterministic (no clock, randomness or I/O), at least 0, finite, and
 * cheap — it is evaluated for every candidate move.
 */
public interface ScoringAdapter {
  /** The name namespace policies weight it by. */
  String name();

  double cost(LayoutView layout);
}
