package io.meshkit.server;

import io.grpc.stub.StreamObserver;
import io.meshkit.proto.internal.v1.FollowerProgress;
import io.meshkit.proto.internal.v1.ReplicationProgress;
import io.meshkit.proto.v1.AddMemberRequest;
import io.meshkit.proto.v1.ClusterGrpc;
import io.meshkit.proto.v1.ClusterMember;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.HealthRequest;
import io.meshkit.proto.v1.HealthResponse;
import io.meshkit.proto.v1.ListMembersRequest;
import io.meshkit.proto.v1.ListMembersResponse;
import io.meshkit.proto.v1.Member;
import io.meshkit.proto.v1.MemberRole;
import io.meshkit.proto.v1.MemberStatusRequest;
import io.meshkit.proto.v1.MemberStatusResponse;
import io.meshkit.proto.v1.PromoteMemberRequest;
import io.meshkit.proto.v1.RemoveMemberRequest;
import io.meshkit.proto.v1.TransferLeadershipRequest;
import io.meshkit.proto.v1.TransferLeadershipResponse;
import io.meshkit.raft.MemberSet;
import io.meshkit.raft.NodeStatus;
import io.meshkit.raft.RaftMember;
import io.meshkit.raft.RaftNode;
import io.meshkit.raft.edge.GrpcEdge;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * gRPC {@code meshkit.v1.Cluster}: this member's own status, a quorum health probe, and the Raft
 * configuration — listing it with the leader's replication progress, and changing it (add a listener,
 * promote, remove, hand over leadership; see {@link RaftNode#addMember} and the rules it applies).
 */
final class ClusterService extends ClusterGrpc.ClusterImplBase {
  static final String VERSION = "0.1.0";
  /** How long a listing waits for the leader's progress before answering without it. */
  private static final Duration PROGRESS_WAIT = Duration.ofSeconds(2);

  private final RaftNode node;
  private final MemberDirectory directory;

  ClusterService(RaftNode node, MemberDirectory directory) {
    this.node = node;
    this.directory = directory;
  }

  @Override
  public void memberStatus(MemberStatusRequest request, StreamObserver<MemberStatusResponse> observer) {
    NodeStatus s = node.status();
    MemberStatusResponse.Builder response = MemberStatusResponse.newBuilder()
        .setHeader(node.header(s.appliedIndex())).setRole(s.role()).setTerm(s.term())
        .setCommitIndex(s.commitIndex()).setAppliedIndex(s.appliedIndex()).setLeaderId(s.leaderId())
        .setDbSizeBytes(s.dbSizeBytes()).setVersion(VERSION);
    for (RaftMember p : directory.members()) {
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

  @Override
  public void listMembers(ListMembersRequest request, StreamObserver<ListMembersResponse> observer) {
    GrpcEdge.reply(withProgress(), p -> listing(node.members(), p), observer);
  }

  @Override
  public void addMember(AddMemberRequest request, StreamObserver<ListMembersResponse> observer) {
    Member m = request.getMember();
    GrpcEdge.reply(node.addMember(new RaftMember(m.getId().trim(), m.getRaftAddress().trim(),
        m.getClientAddress().trim(), m.getAdminAddress().trim())).thenCompose(this::afterChange), r -> r, observer);
  }

  @Override
  public void promoteMember(PromoteMemberRequest request, StreamObserver<ListMembersResponse> observer) {
    GrpcEdge.reply(node.promoteMember(request.getId()).thenCompose(this::afterChange), r -> r, observer);
  }

  @Override
  public void removeMember(RemoveMemberRequest request, StreamObserver<ListMembersResponse> observer) {
    GrpcEdge.reply(node.removeMember(request.getId()).thenCompose(this::afterChange), r -> r, observer);
  }

  @Override
  public void transferLeadership(TransferLeadershipRequest request,
      StreamObserver<TransferLeadershipResponse> observer) {
    String before = node.status().leaderId();
    Optional<String> to = request.getTo().isBlank() ? Optional.empty() : Optional.of(request.getTo().trim());
    GrpcEdge.reply(node.transferLeadership(to), leader -> TransferLeadershipResponse.newBuilder()
        .setHeader(node.currentHeader()).setPreviousLeaderId(before).setLeaderId(leader).build(), observer);
  }

  private CompletableFuture<ListMembersResponse> afterChange(MemberSet set) {
    return withProgress().thenApply(p -> listing(set, p));
  }

  /** The leader's progress, or empty when it does not answer soon: a listing never fails for want of it. */
  private CompletableFuture<Optional<ReplicationProgress>> withProgress() {
    return node.replicationProgress().orTimeout(PROGRESS_WAIT.toMillis(), TimeUnit.MILLISECONDS)
        .handle((p, failure) -> failure == null ? Optional.of(p) : Optional.empty());
  }

  private ListMembersResponse listing(MemberSet set, Optional<ReplicationProgress> progress) {
    if (set.empty()) {
      throw GrpcEdge.failure(ErrorCode.UNAVAILABLE, "member " + node.memberId() + " has no configuration yet: it "
          + "waits to be added to a cluster", "ask another member, or add this one with `meshctl member add`");
    }
    NodeStatus s = node.status();
    String leader = progress.map(ReplicationProgress::getLeaderId).orElse(s.leaderId());
    ListMembersResponse.Builder out = ListMembersResponse.newBuilder().setHeader(node.header(s.appliedIndex()))
        .setLeaderId(leader).setCommitIndex(progress.map(ReplicationProgress::getCommitIndex).orElse(0L))
        .setConfigurationIndex(set.index()).setReconfiguring(!set.stable());
    for (RaftMember m : set.all()) {
      ClusterMember.Builder entry = ClusterMember.newBuilder().setMember(toMember(m))
          .setRole(set.isListener(m.id()) ? MemberRole.LISTENER : MemberRole.VOTER).setIsLeader(m.id().equals(leader));
      progress.ifPresent(p -> progressOf(p, m.id(), entry));
      out.addMembers(entry);
    }
    return out.build();
  }

  private void progressOf(ReplicationProgress p, String id, ClusterMember.Builder entry) {
    String problem = node.membershipRules().unhealthyReason(p, id);
    entry.setProblem(problem == null ? "" : problem);
    if (id.equals(p.getLeaderId())) {
      entry.setProgressKnown(true).setMatchIndex(p.getCommitIndex());
      return;
    }
    for (FollowerProgress f : p.getFollowersList()) {
      if (f.getId().equals(id)) {
        entry.setProgressKnown(true).setMatchIndex(f.getMatchIndex())
            .setLag(Math.max(0, p.getCommitIndex() - f.getMatchIndex())).setLastContactMs(f.getLastContactMs());
      }
    }
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

  static Member toMember(RaftMember p) {
    return Member.newBuilder().setId(p.id()).setClientAddress(p.clientAddress()).setRaftAddress(p.raftAddress())
        .setAdminAddress(p.adminAddress()).build();
  }
}
