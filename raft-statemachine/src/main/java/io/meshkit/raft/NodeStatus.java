package io.meshkit.raft;

/**
 * What one member knows about itself and its Raft group right now.
 *
 * @param role LEADER, FOLLOWER, CANDIDATE or LISTENER
 * @param leaderId the leader this member follows, or "" when it knows none
 * @param logStartIndex first index still in this member's Raft log (earlier ones are purged into a snapshot)
 */
public record NodeStatus(String memberId, String role, long term, String leaderId, long commitIndex,
    long appliedIndex, long snapshotIndex, long logStartIndex, long dbSizeBytes) {

  public boolean hasLeader() {
    return !leaderId.isEmpty();
  }
}
