package io.meshkit.leadership.lease;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.LeaderQuery;
import io.meshkit.proto.internal.v1.LeaderQueryResult;
import io.meshkit.proto.internal.v1.LeaseGrantCommand;
import io.meshkit.proto.internal.v1.LeaseRemainingQuery;
import io.meshkit.proto.internal.v1.LeaseRevokeCommand;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.LeaseGrantRequest;
import io.meshkit.proto.v1.LeaseGrantResponse;
import io.meshkit.proto.v1.LeaseGrpc;
import io.meshkit.proto.v1.LeaseKeepAliveRequest;
import io.meshkit.proto.v1.LeaseKeepAliveResponse;
import io.meshkit.proto.v1.LeaseListRequest;
import io.meshkit.proto.v1.LeaseListResponse;
import io.meshkit.proto.v1.LeaseRevokeRequest;
import io.meshkit.proto.v1.LeaseRevokeResponse;
import io.meshkit.proto.v1.LeaseStatus;
import io.meshkit.proto.v1.LeaseTimeToLiveRequest;
import io.meshkit.proto.v1.LeaseTimeToLiveResponse;
import io.meshkit.proto.internal.v1.StoredLease;
import io.meshkit.raft.LeaseAttachments;
import io.meshkit.raft.RaftNode;
import io.meshkit.raft.Table;
import io.meshkit.raft.edge.GrpcEdge;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * gRPC {@code meshkit.v1.Lease}. Grant and revoke are replicated commands; keepalives are batched
 * to the leader ({@link RenewalBatcher}); remaining TTLs are leader queries. Both are retried across
 * a leader change so a holder sees no error while an election completes within the request timeout.
 */
public final class LeaseService extends LeaseGrpc.LeaseImplBase {
  private final Leases leases;
  private final RaftNode node;
  private final RenewalBatcher renewals;

  public LeaseService(Leases leases) {
    this.leases = leases;
    this.node = leases.node();
    this.renewals = new RenewalBatcher(node);
  }

  @Override
  public void grant(LeaseGrantRequest request, StreamObserver<LeaseGrantResponse> observer) {
    Command grant = Command.newBuilder().setLeaseGrant(LeaseGrantCommand.newBuilder().setId(request.getId())
        .setTtlMs(request.getTtlMs())).build();
    GrpcEdge.reply(node.execute(grant), r -> {
      leases.metrics().granted();
      return r.getLeaseGrant().toBuilder().setHeader(node.header(r.getRevision())).build();
    }, observer);
  }

  @Override
  public void revoke(LeaseRevokeRequest request, StreamObserver<LeaseRevokeResponse> observer) {
    Command revoke = Command.newBuilder().setLeaseRevoke(LeaseRevokeCommand.newBuilder().setId(request.getId()))
        .build();
    GrpcEdge.reply(node.execute(revoke), r -> {
      leases.metrics().revoked();
      return LeaseRevokeResponse.newBuilder().setHeader(node.header(r.getRevision()))
          .setDetached(r.getLeaseEnd().getDetached()).build();
    }, observer);
  }

  /**
   * Renews lease {@code id} from inside this member (an in-process holder such as a controller's
   * candidacy), batched with the gRPC keepalives: completes with the TTL granted (ms), 0 when the
   * lease is gone.
   */
  public CompletableFuture<Long> renew(long id) {
    return renewals.renew(id);
  }

  @Override
  public StreamObserver<LeaseKeepAliveRequest> keepAlive(StreamObserver<LeaseKeepAliveResponse> responses) {
    ServerCallStreamObserver<LeaseKeepAliveResponse> out = (ServerCallStreamObserver<LeaseKeepAliveResponse>) responses;
    return new StreamObserver<>() {
      @Override
      public void onNext(LeaseKeepAliveRequest request) {
        long id = request.getId();
        renewals.renew(id).whenComplete((ttl, failure) -> {
          synchronized (out) {
            if (out.isCancelled()) {
              return;
            }
            if (failure != null) {
              out.onError(GrpcEdge.toStatus(failure));
              return;
            }
            if (ttl > 0) {
              leases.metrics().renewed();
            }
            out.onNext(LeaseKeepAliveResponse.newBuilder().setHeader(node.currentHeader())
                .setId(id).setTtlMs(ttl).build());
          }
        });
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        synchronized (out) {
          if (!out.isCancelled()) {
            out.onCompleted();
          }
        }
      }
    };
  }

  @Override
  public void timeToLive(LeaseTimeToLiveRequest request, StreamObserver<LeaseTimeToLiveResponse> observer) {
    long id = request.getId();
    CompletableFuture<LeaseTimeToLiveResponse> stored = node.read(RaftNode.Consistency.LINEARIZABLE, view -> {
      LeaseTimeToLiveResponse.Builder response = LeaseTimeToLiveResponse.newBuilder().setId(id)
          .setHeader(node.header(view.revision())).setTtlMs(-1);
      LeaseCommandHandler.parse(view.get(Table.LEASES, LeaseAttachments.leaseKey(id))).ifPresent(lease -> {
        response.setGrantedTtlMs(lease.getTtlMs());
        if (request.getKeys()) {
          LeaseAttachments.of(view, id).stream().filter(a -> a.table() == Table.KV)
              .forEach(a -> response.addKeys(com.google.protobuf.ByteString.copyFrom(a.key())));
        }
      });
      return response;
    }).thenCompose(response -> {
      if (response.getGrantedTtlMs() == 0) {
        return CompletableFuture.completedFuture(response.build());
      }
      return askLeader(LeaderQuery.newBuilder().setLeaseRemaining(LeaseRemainingQuery.newBuilder().setId(id)).build())
          .thenApply(result -> result.getCode() == ErrorCode.ERROR_CODE_UNSPECIFIED
              ? response.setTtlMs(result.getLeaseTtl().getTtlMs()).build()
              : response.setTtlMs(-1).build());
    });
    GrpcEdge.reply(stored, r -> r, observer);
  }

  @Override
  public void list(LeaseListRequest request, StreamObserver<LeaseListResponse> observer) {
    GrpcEdge.reply(node.read(RaftNode.Consistency.LINEARIZABLE, view -> {
      LeaseListResponse.Builder response = LeaseListResponse.newBuilder().setHeader(node.header(view.revision()));
      for (StoredLease lease : LeaseCommandHandler.all(view)) {
        response.addLeases(LeaseStatus.newBuilder().setId(lease.getId()).setGrantedTtlMs(lease.getTtlMs())
            .setGrantedRevision(lease.getGrantedRevision()));
      }
      return response.build();
    }), r -> r, observer);
  }

  /**
   * Asks the leader, retrying while there is none (an election, or a new leader still taking over
   * the leases) until the request timeout. Business answers (NOT_FOUND) come back as results.
   */
  private CompletableFuture<LeaderQueryResult> askLeader(LeaderQuery query) {
    long deadline = System.nanoTime() + node.config().requestTimeout().toNanos();
    CompletableFuture<LeaderQueryResult> answer = new CompletableFuture<>();
    attempt(query, deadline, answer);
    return answer;
  }

  private void attempt(LeaderQuery query, long deadline, CompletableFuture<LeaderQueryResult> answer) {
    LeaderAsk.once(node, query).whenComplete((result, failure) -> {
      if (LeaderAsk.awaitsLeader(node, result, failure)
          && System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LeaderAsk.PAUSE_MS) < deadline) {
        LeaderAsk.afterPause().execute(() -> attempt(query, deadline, answer));
      } else if (failure != null || result.getCode() == ErrorCode.NO_LEADER) {
        answer.completeExceptionally(LeaderAsk.noLeader(result, failure));
      } else {
        answer.complete(result);
      }
    });
  }
}
