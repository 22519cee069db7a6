package io.meshkit.rebalancer.plan;

import java.util.List;

/**
 * What the planner proposes for one namespace at one registry revision.
 *
 * @param moves in execution order; empty when there is nothing to do ({@code reason} says why)
 * @param rebalancing whether the namespace is still above its stop threshold after these moves, so
 *     the next round continues (hysteresis)
 */
public record Plan(String namespace, long revision, List<Move> moves, double scoreBefore, double scoreAfter,
    double imbalanceBefore, double imbalanceAfter, boolean rebalancing, String reason) {

  public Plan {
    moves = List.copyOf(moves);
  }

  public boolean isEmpty() {
    return moves.isEmpty();
  }
}
