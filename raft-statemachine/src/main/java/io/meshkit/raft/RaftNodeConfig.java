package io.meshkit.raft;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the replicated state machine of one member needs. Defaults are sized for three JVMs on a
 * busy two-core machine: elections wait 1–2 s (GC pauses and CPU contention make Ratis' 150–300 ms
 * defaults flap), heartbeats go every half minimum timeout.
 *
 * @param clusterName names the Raft group; members of one cluster must agree on it
 * @param nodeId this member's id; must be the id of one of {@code members}
 * @param members the members this one starts with: the initial configuration of a new cluster, or, when
 *     {@code joinExisting}, itself and the members it contacts until it is added
 * @param joinExisting whether this member joins a running cluster: it starts with no configuration and
 *     waits for the leader to add it ({@code Cluster.AddMember}); a restarted member uses the
 *     configuration it stored either way
 * @param dataDir root of this member's state: {@code raft/} (Ratis log) and {@code state/} (RocksDB)
 * @param electionTimeoutMin lower bound of the randomized election timeout
 * @param electionTimeoutMax upper bound of the randomized election timeout
 * @param requestTimeout how long a write may wait for the leader before failing as TIMEOUT
 * @param snapshotThreshold applied entries between automatic snapshots
 * @param snapshotRetention snapshots kept on disk
 * @param limits command size limits
 * @param watchQueueEvents bound of each watcher's queue; a watcher above it is cancelled
 * @param watchHistoryRevisions watch history kept, in revisions behind the applied index
 * @param compactionInterval how often the leader compacts watch history to that window
 * @param logSegmentBytes size at which a Raft log segment is closed; only closed segments can be purged
 *     after a snapshot, so this bounds how much log a member keeps beyond its snapshot
 */
public record RaftNodeConfig(
    String clusterName,
    String nodeId,
    List<RaftMember> members,
    boolean joinExisting,
    Path dataDir,
    Duration electionTimeoutMin,
    Duration electionTimeoutMax,
    Duration requestTimeout,
    long snapshotThreshold,
    int snapshotRetention,
    CommandLimits limits,
    int watchQueueEvents,
    long watchHistoryRevisions,
    Duration compactionInterval,
    long logSegmentBytes) {

  public static final Duration DEFAULT_ELECTION_TIMEOUT_MIN = Duration.ofMillis(1000);
  public static final Duration DEFAULT_ELECTION_TIMEOUT_MAX = Duration.ofMillis(2000);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
  public static final long DEFAULT_SNAPSHOT_THRESHOLD = 100_000;
  public static final int DEFAULT_SNAPSHOT_RETENTION = 2;
  public static final int DEFAULT_WATCH_QUEUE_EVENTS = 10_000;
  public static final long DEFAULT_WATCH_HISTORY_REVISIONS = 100_000;
  public static final Duration DEFAULT_COMPACTION_INTERVAL = Duration.ofMinutes(1);
  public static final long DEFAULT_LOG_SEGMENT_BYTES = 32L << 20;

  public RaftNodeConfig {
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(dataDir, "dataDir");
    members = List.copyOf(members);
    if (members.stream().noneMatch(m -> m.id().equals(nodeId))) {
      throw new IllegalArgumentException("node id '" + nodeId + "' is not in the member list "
          + members.stream().map(RaftMember::id).toList());
    }
    if (electionTimeoutMin.isNegative() || electionTimeoutMin.isZero()
        || electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
      throw new IllegalArgumentException("election timeouts need 0 < min < max, got " + electionTimeoutMin
          + " and " + electionTimeoutMax);
    }
    if (snapshotThreshold <= 0 || snapshotRetention <= 0 || watchQueueEvents <= 0 || watchHistoryRevisions <= 0
        || logSegmentBytes < 1024) {
      throw new IllegalArgumentException("snapshot threshold/retention and watch limits must be positive, "
          + "log segments at least 1 KiB");
    }
  }

  /** A config with every tunable at its default. */
  public static RaftNodeConfig withDefaults(String clusterName, String nodeId, List<RaftMember> members,
      Path dataDir) {
    return new RaftNodeConfig(clusterName, nodeId, members, false, dataDir, DEFAULT_ELECTION_TIMEOUT_MIN,
        DEFAULT_ELECTION_TIMEOUT_MAX, DEFAULT_REQUEST_TIMEOUT, DEFAULT_SNAPSHOT_THRESHOLD,
        DEFAULT_SNAPSHOT_RETENTION, CommandLimits.DEFAULTS, DEFAULT_WATCH_QUEUE_EVENTS,
        DEFAULT_WATCH_HISTORY_REVISIONS, DEFAULT_COMPACTION_INTERVAL, DEFAULT_LOG_SEGMENT_BYTES);
  }

  /** This member's own entry of {@link #members}. */
  public RaftMember self() {
    return members.stream().filter(m -> m.id().equals(nodeId)).findFirst().orElseThrow();
  }



}
