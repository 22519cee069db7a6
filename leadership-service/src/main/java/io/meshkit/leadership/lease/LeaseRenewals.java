package io.meshkit.leadership.lease;

import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.LeaderQuery;
import io.meshkit.proto.internal.v1.LeaderQueryResult;
import io.meshkit.proto.internal.v1.LeaseCheckpoint;
import io.meshkit.proto.internal.v1.LeaseCheckpointCommand;
import io.meshkit.proto.internal.v1.LeaseTtl;
import io.meshkit.proto.internal.v1.LeaseTtls;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.raft.LeaderQueryHandler;
import io.meshkit.raft.RaftNode;
import java.util.ArrayList;
import java.util.List;
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
      case LEASE_RENEW -> renew(query.getLeaseRenew().getIdsList());
      case LEASE_REMAINING -> CompletableFuture.completedFuture(remaining(query.getLeaseRemaining().getId()));
      default -> CompletableFuture.completedFuture(failure(ErrorCode.INVALID_ARGUMENT, "not a lease query"));
    };
  }

  /** Renews every lease of the batch; the answer lists one TTL per id (0 = gone), in order. */
  private CompletableFuture<LeaderQueryResult> renew(List<Long> ids) {
    long term = keeper.term();
    long[] ttls = new long[ids.size()];
    List<Integer> resets = new ArrayList<>();
    LeaseCheckpointCommand.Builder reset = LeaseCheckpointCommand.newBuilder().setProposerTerm(term);
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      long id = ids.get(i);
      switch (keeper.renew(id)) {
        case RENEWED -> ttls[i] = keeper.ttlMs(id);
        case GONE -> ttls[i] = 0;
        case NOT_LEADER -> {
          return CompletableFuture.completedFuture(notLeader());
        }
        case RESET_FIRST -> {
          long seq = keeper.checkpointSeq(id);
          resets.add(i);
          seqs.add(seq);
          reset.addCheckpoints(LeaseCheckpoint.newBuilder().setId(id).setRemainingMs(0)
              .setOrder(LeaseKeeper.resetOrder(seq)));
        }
      }
    }
    if (resets.isEmpty()) {
      return CompletableFuture.completedFuture(ttls(ids, ttls));
    }
    // Leases with a stored remaining TTL: clear it through the log before acknowledging them.
    return node.submitLocally(Command.newBuilder().setLeaseCheckpoint(reset).build()).handle((result, failure) -> {
      if (failure != null || result.getCode() != ErrorCode.ERROR_CODE_UNSPECIFIED) {
        return notLeader();
      }
      for (int r = 0; r < resets.size(); r++) {
        int i = resets.get(r);
        switch (keeper.renewAfterReset(ids.get(i), seqs.get(r))) {
          case RENEWED -> ttls[i] = keeper.ttlMs(ids.get(i));
          case GONE -> ttls[i] = 0;
          default -> {
            return notLeader();
          }
        }
      }
      return ttls(ids, ttls);
    });
  }

  private static LeaderQueryResult ttls(List<Long> ids, long[] ttls) {
    LeaseTtls.Builder all = LeaseTtls.newBuilder();
    for (int i = 0; i < ids.size(); i++) {
      all.addTtls(LeaseTtl.newBuilder().setId(ids.get(i)).setTtlMs(ttls[i]).setGrantedTtlMs(ttls[i]));
    }
    return LeaderQueryResult.newBuilder().setLeaseTtls(all).build();
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

  private static LeaderQueryResult notLeader() {
    return failure(ErrorCode.NO_LEADER, "this member does not lead (or is still taking over the leases)");
  }

  private static LeaderQueryResult failure(ErrorCode code, String message) {
    return LeaderQueryResult.newBuilder().setCode(code).setMessage(message).build();
  }
}
