package io.meshkit.rebalancer.state;

import io.meshkit.proto.v1.RebalanceState;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The legal changes of a namespace's rebalance state. Idle states (no active plan: steady,
 * investigating, draining, and how the last plan ended) may start a plan or note another idle
 * state; a plan goes pending → approved → executing → completed | failed, and pending, approved or
 * executing may be cancelled. Checked in apply: anything else is refused with the reason.
 */
public final class RebalanceStates {
  private static final Set<RebalanceState> IDLE = EnumSet.of(RebalanceState.REBALANCE_STATE_UNSPECIFIED,
      RebalanceState.REBALANCE_STEADY, RebalanceState.REBALANCE_INVESTIGATING, RebalanceState.REBALANCE_DRAINING,
      RebalanceState.REBALANCE_COMPLETED, RebalanceState.REBALANCE_FAILED, RebalanceState.REBALANCE_CANCELLED);
  private static final Set<RebalanceState> NOTES = EnumSet.of(RebalanceState.REBALANCE_STEADY,
      RebalanceState.REBALANCE_INVESTIGATING, RebalanceState.REBALANCE_DRAINING);
  private static final Map<RebalanceState, Set<RebalanceState>> ACTIVE = Map.of(
      RebalanceState.REBALANCE_PLAN_PENDING,
      EnumSet.of(RebalanceState.REBALANCE_APPROVED, RebalanceState.REBALANCE_CANCELLED),
      RebalanceState.REBALANCE_APPROVED,
      EnumSet.of(RebalanceState.REBALANCE_EXECUTING, RebalanceState.REBALANCE_CANCELLED),
      RebalanceState.REBALANCE_EXECUTING,
      EnumSet.of(RebalanceState.REBALANCE_COMPLETED, RebalanceState.REBALANCE_FAILED,
          RebalanceState.REBALANCE_CANCELLED));

  private RebalanceStates() {}

  /** Whether a namespace in {@code state} has no plan in progress. */
  public static boolean idle(RebalanceState state) {
    return IDLE.contains(state);
  }

  /** Whether a plan in {@code state} has ended. */
  public static boolean ended(RebalanceState state) {
    return state == RebalanceState.REBALANCE_COMPLETED || state == RebalanceState.REBALANCE_FAILED
        || state == RebalanceState.REBALANCE_CANCELLED;
  }

  /** Whether {@code from → to} is a legal change. */
  public static boolean allowed(RebalanceState from, RebalanceState to) {
    if (idle(from)) {
      return to == RebalanceState.REBALANCE_PLAN_PENDING || to == RebalanceState.REBALANCE_APPROVED
          || NOTES.contains(to);
    }
    return ACTIVE.getOrDefault(from, Set.of()).contains(to);
  }

  /** Lower-case words for messages: "plan pending", "executing". */
  public static String text(RebalanceState state) {
    return state.name().replace("REBALANCE_", "").replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
  }
}
