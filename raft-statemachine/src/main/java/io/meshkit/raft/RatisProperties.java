package io.meshkit.raft;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/** The Ratis settings of a member's server and of its forwarding client, from a {@link RaftNodeConfig}. */
final class RatisProperties {
  private RatisProperties() {}

  static RaftProperties server(RaftNodeConfig config) {
    RaftProperties p = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(p, List.of(config.dataDir().resolve("raft").toFile()));
    String address = config.self().raftAddress();
    // PeerAddresses carries MeshKit's addresses in the peers' DataStream field: DataStream stays off.
    org.apache.ratis.RaftConfigKeys.DataStream.setType(p, org.apache.ratis.datastream.SupportedDataStreamType.DISABLED);
    int colon = address.lastIndexOf(':');
    GrpcConfigKeys.Server.setHost(p, address.substring(0, colon));
    GrpcConfigKeys.Server.setPort(p, Integer.parseInt(address.substring(colon + 1)));
    TimeDuration min = millis(config.electionTimeoutMin().toMillis());
    TimeDuration max = millis(config.electionTimeoutMax().toMillis());
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, min);
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, max);
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, min);
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, max);
    RaftServerConfigKeys.Rpc.setRequestTimeout(p, millis(config.requestTimeout().toMillis()));
    // Read-only requests (leader queries only): ReadIndex, no leader lease (clock-dependent). MeshKit's
    // linearizable reads do not rely on it - see ReadBarriers.
    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Read.setLeaderLeaseEnabled(p, false);
    RaftServerConfigKeys.Read.setTimeout(p, millis(config.requestTimeout().toMillis()));
    // Snapshots: off by default in Ratis, and it keeps every one; both must be set.
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, config.snapshotThreshold());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, config.snapshotRetention());
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    // After each commit the leader appends a metadata entry carrying the commit index. Without it a
    // follower learns of a commit only with the next entry or heartbeat (half the minimum election
    // timeout), and a linearizable read on a follower waits that long for its read barrier to apply.
    RaftServerConfigKeys.Log.setLogMetadataEnabled(p, true);
    // A follower appends each request in the RPC thread that received it. Ratis 3.3.0's default
    // "compose" instead queues appends and drops a request whose first index is still being written,
    // yet acknowledges its last index: after a leader change it acknowledged entries it never wrote,
    // and the new leader counted them toward commit and never backed off (FollowerAppendTest).
    RaftServerConfigKeys.Log.setAppendEntriesComposeEnabled(p, false);
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(config.logSegmentBytes()));
    RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(1024, Math.max(1, config.snapshotThreshold() / 2)));
    // One entry must fit the appender buffer, else the leader steps down; commands are capped below it.
    SizeInBytes buffer = SizeInBytes.valueOf(Math.max(4L << 20, config.limits().maxCommandBytes() + (1L << 20)));
    RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, buffer);
    GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf(buffer.getSize() + (2L << 20)));
    return p;
  }

  static RaftProperties client(RaftNodeConfig config) {
    return client(config, config.requestTimeout());
  }

  /** A client whose requests may take up to {@code requestTimeout} (membership changes wait for catch-up). */
  static RaftProperties client(RaftNodeConfig config, java.time.Duration requestTimeout) {
    RaftProperties p = new RaftProperties();
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, millis(requestTimeout.toMillis()));
    SizeInBytes buffer = SizeInBytes.valueOf(Math.max(4L << 20, config.limits().maxCommandBytes() + (1L << 20)));
    GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf(buffer.getSize() + (2L << 20)));
    return p;
  }

  private static TimeDuration millis(long ms) {
    return TimeDuration.valueOf(ms, TimeUnit.MILLISECONDS);
  }

}
