package io.meshkit.raft;

import io.meshkit.proto.internal.v1.LeaderQuery;
import io.meshkit.proto.internal.v1.LeaderQueryResult;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Answers {@link LeaderQuery}s: requests only the leader's in-memory state can serve (lease
 * renewals). {@link RaftNode#queryLeader} delivers them to the leader, and {@link #answer} runs only
 * after that member committed a read barrier of its own proposed after the request arrived — so it
 * still led then. A member that cannot confirm it leads answers {@code NO_LEADER} itself.
 */
public interface LeaderQueryHandler {
  Set<LeaderQuery.QueryCase> queries();

  CompletableFuture<LeaderQueryResult> answer(LeaderQuery query);
}
