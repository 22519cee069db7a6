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
 * @param lastHeardUnixMs when the source last said anything (events, a progress notice — the primary
 *     sends one every {@code watchProgressInterval} — or a resync snapshot); 0 when idle. The lag reads 0
 *     while the stream is cut off (the standby cannot know what it misses): this is what shows it.
 */
public record ReplicationStatus(String state, String source, long checkpoint, long sourceRevision, long lagRevisions,
    double lagSeconds, long batches, long resyncs, String problem, long lastHeardUnixMs) {
  static ReplicationStatus idle() {
    return idle("");
  }

  /** Idle, saying why in {@code problem} (e.g. a standby whose member does not hold the office). */
  static ReplicationStatus idle(String problem) {
    return new ReplicationStatus("idle", "", 0, 0, 0, 0, 0, 0, problem, 0);
  }

  /** Seconds since the source was last heard from at {@code nowUnixMs}; 0 when idle. */
  public double silentSeconds(long nowUnixMs) {
    return lastHeardUnixMs == 0 ? 0 : Math.max(0, nowUnixMs - lastHeardUnixMs) / 1000.0;
  }
}
