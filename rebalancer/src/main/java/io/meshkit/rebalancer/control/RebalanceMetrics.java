package io.meshkit.rebalancer.control;

import io.meshkit.proto.v1.MoveStep;
import io.meshkit.proto.v1.RebalanceState;

/** What the controller reports; the server binds it to Micrometer. Calls must not block. */
public interface RebalanceMetrics {
  RebalanceMetrics NONE = new RebalanceMetrics() {};

  /** Whether this member's controller leads scope meshkit/rebalancer. */
  default void leading(boolean leads) {}

  /** The namespace's rebalance state as the leading controller last read it. */
  default void state(String namespace, RebalanceState state) {}

  /** The namespace's imbalance at its last evaluation (0.2 = the busiest node 20 % above its share). */
  default void imbalance(String namespace, double imbalance) {}

  default void movesInFlight(String namespace, int moves) {}

  /**
   * When the oldest in-flight move of the namespace's executing plan took its first step (leader-stamped
   * apply time, Unix ms), or 0 with no move in flight. Its age is how long a stuck move has been stuck.
   */
  default void oldestMoveStarted(String namespace, long unixMs) {}

  /** A plan or step held back; {@code guardrail} is the first word of the reason (cooldown, incident, ...). */
  default void guardrailBlocked(String guardrail) {}

  /** A plan this controller's step ended. */
  default void planEnded(RebalanceState outcome) {}

  /** A move ended (done or failed) after {@code durationMs} from its first step. */
  default void moveEnded(MoveStep outcome, long durationMs) {}
}
