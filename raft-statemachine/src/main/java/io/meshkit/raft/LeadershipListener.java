package io.meshkit.raft;

/**
 * Learns when this member starts and stops leading, for leader-only in-memory work (lease deadlines).
 * Calls for one listener are serialized.
 */
public interface LeadershipListener {
  /**
   * This member leads in {@code term} and has applied every entry committed before its term began.
   * Called on the apply thread, before any entry of the term that follows is applied.
   */
  void onLeaderReady(long term);

  /** This member does not lead any more (stepped down, lost an election, or is closing). */
  void onNotLeader();
}
