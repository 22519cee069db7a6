package io.meshkit.raft;

import io.meshkit.proto.internal.v1.LeaderQuery;
import io.meshkit.proto.internal.v1.LeaderQueryResult;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Answers {@link LeaderQuery}s: requests only the leader's in-memory state can serve (lease
 * renewals). {@link RaftNode#queryLeader} delivers them to the leader as linearizable read-only
 * requests, so {@link #answer} runs after the member confirmed its leadership (ReadIndex) later than
 * the request's arrival. A member that turns out not to lead answers {@code NO_LEADER}.
 */
public interface LeaderQueryHandler {
  Set<LeaderQuery.QueryCase> queries();

  CompletableFuture<LeaderQueryResult> answer(LeaderQuery query);
}
