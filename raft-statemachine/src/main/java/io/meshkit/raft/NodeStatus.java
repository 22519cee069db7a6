package io.meshkit.raft;

/**
 * What one member knows about itself and its Raft group right now.
 *
 * @param role LEADER, FOLLOWER, CANDIDATE or LISTENER
 * @param leaderId the leader this member follows, or "" when it knows none
 */
public record NodeStatus(String memberId, String role, long term, String leaderId, long commitIndex,
    long appliedIndex, long snapshotIndex, long dbSizeBytes) {

  public boolean hasLeader() {
    return !leaderId.isEmpty();
  }
}
