package io.meshkit.raft;

import com.google.protobuf.InvalidProtocolBufferException;
import io.meshkit.proto.internal.v1.LeaderQuery;
import io.meshkit.proto.internal.v1.LeaderQueryResult;
import io.meshkit.proto.v1.ErrorCode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Routes each {@link LeaderQuery} to the {@link LeaderQueryHandler} registered for its case. */
final class LeaderQueries {
  private final Map<LeaderQuery.QueryCase, LeaderQueryHandler> handlers = new ConcurrentHashMap<>();

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
    return handler.answer(query);
  }
}
