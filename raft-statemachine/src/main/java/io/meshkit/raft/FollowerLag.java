package io.meshkit.raft;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;

/**
 * How far each follower trails the leader's log, as the leader sees it: the leader's last log index
 * minus the follower's match index (the highest entry the follower is known to hold). Empty on a
 * member that is not the leader.
 *
 * <p>Ratis gives the match indices as an array without ids ({@link DivisionInfo#getFollowerMatchIndices})
 * and the follower ids in the role info; both are listed in the order of the leader's log appenders.
 * When the appenders change between the two reads (a member added or removed) the sizes differ and
 * the result is empty for this read rather than wrongly attributed.
 */
final class FollowerLag {
  private FollowerLag() {}

  static Map<String, Long> of(RaftServer.Division division) {
    DivisionInfo info = division.getInfo();
    if (!info.isLeader()) {
      return Map.of();
    }
    RoleInfoProto role = info.getRoleInfoProto();
    long[] matched = info.getFollowerMatchIndices();
    List<ServerRpcProto> followers = role.getLeaderInfo().getFollowerInfoList();
    if (followers.size() != matched.length) {
      return Map.of();
    }
    long last = division.getRaftLog().getLastEntryTermIndex() == null ? 0
        : division.getRaftLog().getLastEntryTermIndex().getIndex();
    Map<String, Long> lag = new LinkedHashMap<>();
    for (int i = 0; i < matched.length; i++) {
      lag.put(followers.get(i).getId().getId().toStringUtf8(), Math.max(0, last - matched[i]));
    }
    return Map.copyOf(lag);
  }
}
