package io.meshkit.raft;

import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.internal.v1.ReadBarrierCommand;
import io.meshkit.proto.v1.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Linearizable read barriers of one member, and the leader's confirmation that it still leads.
 *
 * <p><b>ReadIndex</b> (once {@link PeerReads} are installed): the leader records its commit index,
 * then a majority must answer that they still follow it in its term ({@link LeadershipQuorum}); a
 * follower asks the leader for such an index. The reading member then applies up to the index.
 * Ratis' own ReadIndex is <b>not</b> used: in Ratis 3.3 a leader answers it at once, with no
 * heartbeat round, whenever its commit index has not moved since an earlier confirmed read
 * ({@code ReadIndexHeartbeats.ackedCommitIndex}) — exactly the state of a leader deposed while it
 * was paused or partitioned, which then served stale "linearizable" reads (found by the Jepsen
 * registry workload; {@code QuorumIT} shows it).
 *
 * <p><b>Log barriers</b> (before peers are installed, and on a leader not yet ready in its term): an
 * empty {@code ReadBarrierCommand} committed through the log. Its commit orders it after every
 * write acknowledged before it was proposed; it costs a replicated write per batch.
 *
 * <p>Concurrent reads share rounds through {@link ReadBarrierBatcher}s; continuations run on a small
 * executor of its own, never on a Ratis thread. Every round is bounded by the request timeout (a
 * round that never ended would hold every later read). Close with the member.
 */
final class ReadBarriers implements AutoCloseable {
  private static final int READ_THREADS = 4;
  private static final Command BARRIER =
      Command.newBuilder().setReadBarrier(ReadBarrierCommand.getDefaultInstance()).build();

  /** What the barriers need to know of this member's Raft role, read afresh on every call. */
  interface Role {
    /** This member's term and commit index if it leads and is ready in its term; else null. */
    LeaderTerm leading();

    /** The leader this member knows of, null if none. */
    String leaderId();

    /** The voter sets of this member's latest configuration; see {@link MemberSet#quorums()}. */
    List<Set<String>> quorums();
  }

  /** A ready leader's term and its commit index, read in that order. */
  record LeaderTerm(long term, long commitIndex) {}

  private final String self;
  private final Role role;
  private final LongFunction<CompletableFuture<Void>> applied;
  private final Duration timeout;
  private final ExecutorService executor = Executors.newFixedThreadPool(READ_THREADS, RaftNode.daemon("meshkit-read"));
  private final ReadBarrierBatcher<Long> logReads;
  private final ReadBarrierBatcher<Long> logLeadership;
  private final ReadBarrierBatcher<Long> leaderRounds = new ReadBarrierBatcher<>(this::leaderRound, executor);
  private final ReadBarrierBatcher<Long> followerRounds = new ReadBarrierBatcher<>(this::followerRound, executor);
  private volatile PeerReads peers;

  /**
   * @param self this member's id
   * @param viaLeader proposes a command through whichever member leads (forwarded from a follower)
   * @param onThisMember proposes a command on this member's own Raft server, failing if it does not lead
   * @param applied completes once this member applied the given index (on the apply thread)
   * @param timeout bound on one round
   */
  ReadBarriers(String self, Role role,
      Function<Command, CompletableFuture<CommandResult>> viaLeader,
      Function<Command, CompletableFuture<CommandResult>> onThisMember,
      LongFunction<CompletableFuture<Void>> applied, Duration timeout) {
    this.self = self;
    this.role = role;
    this.applied = applied;
    this.timeout = timeout;
    this.logReads = new ReadBarrierBatcher<>(() -> logRound(viaLeader), executor);
    this.logLeadership = new ReadBarrierBatcher<>(() -> logRound(onThisMember), executor);
  }

  /** Switches from log barriers to ReadIndex rounds through {@code peers}. */
  void usePeers(PeerReads peers) {
    this.peers = peers;
  }

  /** Completes, on the read executor, once this member applied everything committed before the call. */
  CompletableFuture<Void> await() {
    ReadBarrierBatcher<Long> batcher = peers == null ? logReads
        : role.leading() != null ? leaderRounds
        : role.leaderId() != null && !role.leaderId().equals(self) ? followerRounds
        : logReads;  // a leader not ready yet, or no leader known: the log waits for one
    return batcher.await().thenApply(index -> null);
  }

  /**
   * Completes, on the read executor, once this member confirmed it led at some point after the call.
   * Fails if it does not lead.
   */
  CompletableFuture<Void> confirmLeadership() {
    return (peers == null || role.leading() == null ? logLeadership : leaderRounds).await().thenApply(index -> null);
  }

  /**
   * On the leader: a commit index recorded after the call and confirmed by a majority still
   * following this member, applied here. Fails if this member is not the ready leader.
   */
  CompletableFuture<Long> leaderReadIndex() {
    return leaderRounds.await();
  }

  private CompletableFuture<Long> leaderRound() {
    PeerReads p = peers;
    LeaderTerm leading = role.leading();
    if (p == null || leading == null) {
      return CompletableFuture.failedFuture(new MeshException(ErrorCode.NO_LEADER, "member " + self
          + " is not the ready leader", "ask the current leader (MemberStatus shows it)"));
    }
    return bounded(LeadershipQuorum.confirm(p, self, role.quorums(), leading.term(), leading.commitIndex())
        .thenCompose(this::appliedHere), "confirming leadership");
  }

  private CompletableFuture<Long> followerRound() {
    PeerReads p = peers;
    String leader = role.leaderId();
    if (leader == null || leader.equals(self)) {
      return CompletableFuture.failedFuture(new MeshException(ErrorCode.NO_LEADER, "member " + self
          + " knows no leader to ask for a read index", "the cluster is electing a leader; retry in a moment"));
    }
    return bounded(p.readIndex(leader).thenCompose(this::appliedHere), "asking leader " + leader + " for a read index");
  }

  /** One log barrier: proposed with {@code propose}, then applied here. */
  private CompletableFuture<Long> logRound(Function<Command, CompletableFuture<CommandResult>> propose) {
    return bounded(propose.apply(BARRIER).thenCompose(result -> appliedHere(result.getRevision())),
        "applying a read barrier");
  }

  private CompletableFuture<Long> appliedHere(long index) {
    return applied.apply(index).thenApply(ignored -> index);
  }

  private CompletableFuture<Long> bounded(CompletableFuture<Long> round, String what) {
    return round.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionallyCompose(failure -> CompletableFuture.failedFuture(failure instanceof TimeoutException
            ? new MeshException(ErrorCode.TIMEOUT, "member " + self + " timed out " + what + " after "
                + timeout.toMillis() + " ms", "check that a majority of members is up and connected")
            : failure));
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
