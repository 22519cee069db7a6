package io.meshkit.leadership.lease;

import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.LeaderQuery;
import io.meshkit.proto.internal.v1.LeaderQueryResult;
import io.meshkit.proto.internal.v1.LeaseCheckpoint;
import io.meshkit.proto.internal.v1.LeaseCheckpointCommand;
import io.meshkit.proto.internal.v1.LeaseTtl;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.raft.LeaderQueryHandler;
import io.meshkit.raft.RaftNode;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The leader's side of keepalives and TTL queries. Runs after the leader confirmed its leadership
 * for this request (see {@link LeaderQueryHandler}), so a deposed leader cannot acknowledge a
 * renewal that its successor does not account for.
 */
final class LeaseRenewals implements LeaderQueryHandler {
  private final LeaseKeeper keeper;
  private final RaftNode node;

  LeaseRenewals(LeaseKeeper keeper, RaftNode node) {
    this.keeper = keeper;
    this.node = node;
  }

  @Override
  public Set<LeaderQuery.QueryCase> queries() {
    return Set.of(LeaderQuery.QueryCase.LEASE_RENEW, LeaderQuery.QueryCase.LEASE_REMAINING);
  }

  @Override
  public CompletableFuture<LeaderQueryResult> answer(LeaderQuery query) {
    return switch (query.getQueryCase()) {
      case LEASE_RENEW -> renew(query.getLeaseRenew().getId());
      case LEASE_REMAINING -> CompletableFuture.completedFuture(remaining(query.getLeaseRemaining().getId()));
      default -> CompletableFuture.completedFuture(failure(ErrorCode.INVALID_ARGUMENT, "not a lease query"));
    };
  }

  private CompletableFuture<LeaderQueryResult> renew(long id) {
    long term = keeper.term();
    return switch (keeper.renew(id)) {
      case RENEWED -> CompletableFuture.completedFuture(ttl(id, keeper.ttlMs(id)));
      case GONE -> CompletableFuture.completedFuture(failure(ErrorCode.NOT_FOUND, "lease " + id + " not found"));
      case NOT_LEADER -> CompletableFuture.completedFuture(notLeader());
      case RESET_FIRST -> resetThenRenew(id, term);
    };
  }

  /** Clears the lease's stored remaining TTL through the log before acknowledging the renewal. */
  private CompletableFuture<LeaderQueryResult> resetThenRenew(long id, long term) {
    long seq = keeper.checkpointSeq(id);
    Command reset = Command.newBuilder().setLeaseCheckpoint(LeaseCheckpointCommand.newBuilder()
        .setProposerTerm(term).addCheckpoints(LeaseCheckpoint.newBuilder().setId(id).setRemainingMs(0)
            .setOrder(LeaseKeeper.resetOrder(seq)))).build();
    return node.submitLocally(reset).handle((result, failure) -> {
      if (failure != null || result.getCode() != ErrorCode.ERROR_CODE_UNSPECIFIED) {
        return notLeader();
      }
      return switch (keeper.renewAfterReset(id, seq)) {
        case RENEWED -> ttl(id, keeper.ttlMs(id));
        case GONE -> failure(ErrorCode.NOT_FOUND, "lease " + id + " not found");
        default -> notLeader();
      };
    });
  }

  private LeaderQueryResult remaining(long id) {
    if (keeper.term() < 0) {
      return notLeader();
    }
    long remaining = keeper.remainingMs(id);
    if (remaining < 0) {
      return failure(ErrorCode.NOT_FOUND, "lease " + id + " not found");
    }
    return LeaderQueryResult.newBuilder().setLeaseTtl(LeaseTtl.newBuilder().setId(id).setTtlMs(remaining)
        .setGrantedTtlMs(keeper.ttlMs(id))).build();
  }

  private static LeaderQueryResult ttl(long id, long ttlMs) {
    return LeaderQueryResult.newBuilder().setLeaseTtl(LeaseTtl.newBuilder().setId(id).setTtlMs(ttlMs)
        .setGrantedTtlMs(ttlMs)).build();
  }

  private static LeaderQueryResult notLeader() {
    return failure(ErrorCode.NO_LEADER, "this member does not lead (or is still taking over the leases)");
  }

  private static LeaderQueryResult failure(ErrorCode code, String message) {
    return LeaderQueryResult.newBuilder().setCode(code).setMessage(message).build();
  }
}
