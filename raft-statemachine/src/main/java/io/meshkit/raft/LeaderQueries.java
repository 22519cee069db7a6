package io.meshkit.raft;

import com.google.protobuf.InvalidProtocolBufferException;
import io.meshkit.proto.internal.v1.LeaderQuery;
import io.meshkit.proto.internal.v1.LeaderQueryResult;
import io.meshkit.proto.v1.ErrorCode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Routes each {@link LeaderQuery} to the {@link LeaderQueryHandler} registered for its case, once
 * this member confirmed it still leads (see {@link #confirmLeadershipWith}).
 */
final class LeaderQueries {
  private final Map<LeaderQuery.QueryCase, LeaderQueryHandler> handlers = new ConcurrentHashMap<>();
  private volatile Supplier<CompletableFuture<Void>> leadership =
      () -> CompletableFuture.failedFuture(new IllegalStateException("the member is starting"));

  /**
   * Sets how leadership is confirmed before a query is answered: a future that completes only if
   * this member led at some point after the call. Ratis' own ReadIndex cannot be trusted for that
   * (it skips the check when the commit index has not moved since an earlier confirmed read).
   */
  void confirmLeadershipWith(Supplier<CompletableFuture<Void>> confirmation) {
    this.leadership = confirmation;
  }

  void register(LeaderQueryHandler handler) {
    for (LeaderQuery.QueryCase c : handler.queries()) {
      LeaderQueryHandler previous = handlers.putIfAbsent(c, handler);
      if (previous != null && previous != handler) {
        throw new IllegalArgumentException("leader query " + c + " already has a handler");
      }
    }
  }

  CompletableFuture<LeaderQueryResult> answer(byte[] request) {
    LeaderQuery query;
    try {
      query = LeaderQuery.parseFrom(request);
    } catch (InvalidProtocolBufferException e) {
      return CompletableFuture.completedFuture(LeaderQueryResult.newBuilder().setCode(ErrorCode.INVALID_ARGUMENT)
          .setMessage("malformed leader query: " + e.getMessage()).build());
    }
    LeaderQueryHandler handler = handlers.get(query.getQueryCase());
    if (handler == null) {
      // Not registered yet (member starting) or a newer member's query: let the caller retry.
      return CompletableFuture.completedFuture(LeaderQueryResult.newBuilder().setCode(ErrorCode.NO_LEADER)
          .setMessage("this member cannot answer " + query.getQueryCase() + " yet").build());
    }
    return leadership.get().handle((confirmed, failure) -> failure).thenCompose(failure -> failure == null
        ? handler.answer(query)
        : CompletableFuture.completedFuture(LeaderQueryResult.newBuilder().setCode(ErrorCode.NO_LEADER)
            .setMessage("this member could not confirm it still leads: " + failure.getMessage()).build()));
  }
}
