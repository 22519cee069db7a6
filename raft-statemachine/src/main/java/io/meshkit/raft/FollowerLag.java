package io.meshkit.raft;

import io.meshkit.proto.internal.v1.FollowerProgress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;

/**
 * The leader's view of its followers: each one's match index (the highest entry it is known to hold),
 * how long ago it last answered, and how far it trails the leader's log. Empty on a member that is not
 * the leader.
 *
 * <p>Ratis gives the match indices as an array without ids ({@link DivisionInfo#getFollowerMatchIndices})
 * and the follower ids in the role info; both are listed in the order of the leader's log appenders.
 * When the appenders change between the two reads (a member added or removed) the sizes differ and
 * the result is empty for this read rather than wrongly attributed.
 */
final class FollowerLag {
  private FollowerLag() {}

  /** Each follower's progress, in the leader's appender order; empty unless {@code division} leads. */
  static List<FollowerProgress> progress(RaftServer.Division division) {
    DivisionInfo info = division.getInfo();
    if (!info.isLeader()) {
      return List.of();
    }
    List<ServerRpcProto> followers = info.getRoleInfoProto().getLeaderInfo().getFollowerInfoList();
    long[] matched = info.getFollowerMatchIndices();
    if (followers.size() != matched.length) {
      return List.of();
    }
    List<FollowerProgress> out = new ArrayList<>();
    for (int i = 0; i < matched.length; i++) {
      out.add(FollowerProgress.newBuilder().setId(followers.get(i).getId().getId().toStringUtf8())
          .setMatchIndex(matched[i]).setLastContactMs(followers.get(i).getLastRpcElapsedTimeMs()).build());
    }
    return out;
  }

  /** Entries each follower trails the leader's last log index by, by member id. */
  static Map<String, Long> of(RaftServer.Division division) {
    long last = division.getRaftLog().getLastEntryTermIndex() == null ? 0
        : division.getRaftLog().getLastEntryTermIndex().getIndex();
    Map<String, Long> lag = new LinkedHashMap<>();
    for (FollowerProgress f : progress(division)) {
      lag.put(f.getId(), Math.max(0, last - f.getMatchIndex()));
    }
    return Map.copyOf(lag);
  }
}
