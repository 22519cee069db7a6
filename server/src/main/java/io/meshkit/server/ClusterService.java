package io.meshkit.server;

import io.grpc.stub.StreamObserver;
import io.meshkit.proto.v1.ClusterGrpc;
import io.meshkit.proto.v1.HealthRequest;
import io.meshkit.proto.v1.HealthResponse;
import io.meshkit.proto.v1.Member;
import io.meshkit.proto.v1.MemberStatusRequest;
import io.meshkit.proto.v1.MemberStatusResponse;
import io.meshkit.raft.NodeStatus;
import io.meshkit.raft.RaftNode;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** gRPC {@code meshkit.v1.Cluster}: this member's own status, and a quorum health probe. */
final class ClusterService extends ClusterGrpc.ClusterImplBase {
  static final String VERSION = "0.1.0";

  private final RaftNode node;
  private final List<PeerConfig> members;

  ClusterService(RaftNode node, List<PeerConfig> members) {
    this.node = node;
    this.members = members;
  }

  @Override
  public void memberStatus(MemberStatusRequest request, StreamObserver<MemberStatusResponse> observer) {
    NodeStatus s = node.status();
    MemberStatusResponse.Builder response = MemberStatusResponse.newBuilder()
        .setHeader(node.header(s.appliedIndex())).setRole(s.role()).setTerm(s.term())
        .setCommitIndex(s.commitIndex()).setAppliedIndex(s.appliedIndex()).setLeaderId(s.leaderId())
        .setDbSizeBytes(s.dbSizeBytes()).setVersion(VERSION);
    for (PeerConfig p : members) {
      Member m = toMember(p);
      response.addMembers(m);
      if (p.id().equals(node.memberId())) {
        response.setMember(m);
      }
    }
    observer.onNext(response.build());
    observer.onCompleted();
  }

  /** Healthy when this member sees a leader and a linearizable read through it completes in time. */
  @Override
  public void health(HealthRequest request, StreamObserver<HealthResponse> observer) {
    NodeStatus s = node.status();
    if (!s.hasLeader()) {
      reply(observer, s, false, "no leader: this member cannot reach a quorum");
      return;
    }
    node.linearizableBarrier().orTimeout(node.config().requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((ok, failure) -> reply(observer, node.status(), failure == null,
            failure == null ? "" : "linearizable read failed: " + rootMessage(failure)));
  }

  private void reply(StreamObserver<HealthResponse> observer, NodeStatus s, boolean healthy, String reason) {
    observer.onNext(HealthResponse.newBuilder().setHeader(node.header(s.appliedIndex())).setHealthy(healthy)
        .setReason(reason).build());
    observer.onCompleted();
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null && t.getMessage() == null) {
      t = t.getCause();
    }
    return t instanceof java.util.concurrent.CompletionException && t.getCause() != null
        ? String.valueOf(t.getCause().getMessage()) : String.valueOf(t.getMessage());
  }

  static Member toMember(PeerConfig p) {
    return Member.newBuilder().setId(p.id()).setClientAddress(p.clientAddress()).setRaftAddress(p.raftAddress())
        .setAdminAddress(p.adminAddress() == null ? "" : p.adminAddress()).build();
  }
}
