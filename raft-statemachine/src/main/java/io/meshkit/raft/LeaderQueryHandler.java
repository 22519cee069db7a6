package io.meshkit.raft;

import io.meshkit.proto.internal.v1.LeaderQuery;
import io.meshkit.proto.internal.v1.LeaderQueryResult;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Answers {@link LeaderQuery}s: requests only the leader's in-memory state can serve (lease
 * renewals). {@link RaftNode#queryLeader} delivers them to the leader, and {@link #answer} runs only
 * after that member confirmed, in a round begun after the request arrived, that it still leads (see
 * {@link ReadBarriers#confirmLeadership}). A member that cannot confirm it answers {@code NO_LEADER}.
 */
public interface LeaderQueryHandler {
  Set<LeaderQuery.QueryCase> queries();

  CompletableFuture<LeaderQueryResult> answer(LeaderQuery query);
}
