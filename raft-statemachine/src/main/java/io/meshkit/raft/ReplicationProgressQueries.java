package io.meshkit.raft;

import io.meshkit.proto.internal.v1.FollowerProgress;
import io.meshkit.proto.internal.v1.LeaderQuery;
import io.meshkit.proto.internal.v1.LeaderQueryResult;
import io.meshkit.proto.internal.v1.ReplicationProgress;
import io.meshkit.proto.v1.ErrorCode;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;

/**
 * Answers {@code ReplicationProgressQuery} on the leader: its commit index and, per other member of
 * its configuration, the highest index it holds (match index) and how long ago it last answered
 * ({@link FollowerLag#progress}).
 */
final class ReplicationProgressQueries implements LeaderQueryHandler {
  private final RaftServer server;
  private final RaftGroupId group;

  ReplicationProgressQueries(RaftServer server, RaftGroupId group) {
    this.server = server;
    this.group = group;
  }

  @Override
  public Set<LeaderQuery.QueryCase> queries() {
    return Set.of(LeaderQuery.QueryCase.REPLICATION_PROGRESS);
  }

  @Override
  public CompletableFuture<LeaderQueryResult> answer(LeaderQuery query) {
    try {
      var division = server.getDivision(group);
      List<FollowerProgress> followers = FollowerLag.progress(division);
      if (!division.getInfo().isLeader() || followers.isEmpty() && division.getRaftConf().getAllPeers().size() > 1) {
        return CompletableFuture.completedFuture(LeaderQueryResult.newBuilder().setCode(ErrorCode.UNAVAILABLE)
            .setMessage("replication progress changed while it was read; retry").build());
      }
      ReplicationProgress.Builder progress = ReplicationProgress.newBuilder()
          .setLeaderId(division.getId().toString()).setCommitIndex(division.getRaftLog().getLastCommittedIndex())
          .addAllFollowers(followers);
      return CompletableFuture.completedFuture(LeaderQueryResult.newBuilder().setReplicationProgress(progress).build());
    } catch (IOException e) {
      return CompletableFuture.failedFuture(RatisErrors.translate(e));
    }
  }
}
