package io.meshkit.server;

import io.grpc.stub.StreamObserver;
import io.meshkit.proto.internal.v1.FollowsRequest;
import io.meshkit.proto.internal.v1.FollowsResponse;
import io.meshkit.proto.internal.v1.MemberReadsGrpc;
import io.meshkit.proto.internal.v1.ReadIndexRequest;
import io.meshkit.proto.internal.v1.ReadIndexResponse;
import io.meshkit.raft.RaftNode;
import io.meshkit.raft.edge.GrpcEdge;

/**
 * This member's side of the ReadIndex calls between members (see {@link PeerReadsClient}): it says
 * whether it follows a leader in a term, and, when it leads, hands out confirmed read indexes.
 */
final class MemberReadsService extends MemberReadsGrpc.MemberReadsImplBase {
  private final RaftNode node;

  MemberReadsService(RaftNode node) {
    this.node = node;
  }

  @Override
  public void follows(FollowsRequest request, StreamObserver<FollowsResponse> observer) {
    observer.onNext(FollowsResponse.newBuilder()
        .setFollows(node.follows(request.getTerm(), request.getLeader())).build());
    observer.onCompleted();
  }

  @Override
  public void readIndex(ReadIndexRequest request, StreamObserver<ReadIndexResponse> observer) {
    GrpcEdge.reply(node.leaderReadIndex(), index -> ReadIndexResponse.newBuilder().setReadIndex(index).build(),
        observer);
  }
}
