package io.meshkit.raft;

import java.util.concurrent.CompletableFuture;

/**
 * How a member reaches the others for linearizable reads without a log write (ReadIndex, as etcd
 * does it): a leader asks its followers whether they still follow it, a follower asks the leader
 * for a read index. Implemented by the server over gRPC; until one is installed
 * ({@link RaftNode#usePeerReads}) read barriers go through the log.
 *
 * <p>Contract: every call completes within a bounded time (the request timeout), exceptionally on
 * any failure; it never blocks the caller.
 */
public interface PeerReads {

  /** Whether member {@code peerId}'s current term is {@code term} and it knows {@code leaderId} as its leader. */
  CompletableFuture<Boolean> follows(String peerId, long term, String leaderId);

  /** A read index from leader {@code leaderId}; see {@link RaftNode#leaderReadIndex()}. */
  CompletableFuture<Long> readIndex(String leaderId);
}
