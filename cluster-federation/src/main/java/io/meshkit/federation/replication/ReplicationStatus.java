package io.meshkit.federation.replication;

/**
 * Where replication into this cluster stands, as its replicator sees it (on the member that holds the
 * federation office; elsewhere {@code idle}).
 *
 * @param state idle (not a standby, no primary, or not the office holder), streaming, resyncing, or
 *     retrying (the stream broke: {@code problem} says why)
 * @param source the primary replicated from ("" when idle)
 * @param checkpoint the source revision applied here
 * @param sourceRevision the newest source revision seen (events and progress)
 * @param lagRevisions {@code sourceRevision - checkpoint}, at least 0
 * @param lagSeconds how long the oldest change not yet applied has waited (0 when caught up)
 */
public record ReplicationStatus(String state, String source, long checkpoint, long sourceRevision, long lagRevisions,
    double lagSeconds, long batches, long resyncs, String problem) {
  static ReplicationStatus idle() {
    return idle("");
  }

  /** Idle, saying why in {@code problem} (e.g. a standby whose member does not hold the office). */
  static ReplicationStatus idle(String problem) {
    return new ReplicationStatus("idle", "", 0, 0, 0, 0, 0, 0, problem);
  }
}
