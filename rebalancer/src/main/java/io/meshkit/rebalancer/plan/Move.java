package io.meshkit.rebalancer.plan;

/**
 * One shard move. Execution adds the new holder before anything is removed (mark moving → add
 * {@code to} as a replica → switch the owner, epoch + 1 → remove {@code from} → active), so a
 * shard keeps every replica it had until its new one is in place.
 *
 * @param kind what changes hands
 * @param expectedEpoch the shard's epoch in the planned snapshot; execution fails the move if it changed
 * @param wave moves of the same wave may run at once; waves run in order
 * @param scoreBefore the namespace's score before this move, {@code scoreAfter} after it
 */
public record Move(int shardId, Kind kind, String from, String to, long expectedEpoch, int wave, String reason,
    double scoreBefore, double scoreAfter) {

  /** What a move changes. */
  public enum Kind {
    /** {@code to} replaces the owner {@code from}, which leaves the shard. */
    OWNER,
    /** {@code to}, already a replica, becomes owner; {@code from} stays a replica. No data moves. */
    PROMOTE,
    /** {@code to} replaces the non-owner replica {@code from}. */
    REPLICA
  }
}
