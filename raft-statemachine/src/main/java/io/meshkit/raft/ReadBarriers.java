package io.meshkit.raft;

import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.internal.v1.ReadBarrierCommand;
import io.meshkit.proto.v1.ErrorCode;
import java.time.Duration;
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
 * <p>A barrier is an empty {@code ReadBarrierCommand} committed through the log, then this member
 * applying up to its index. Its commit orders it after every write acknowledged before it was
 * proposed, so a read served after it reflects all of them. Ratis' ReadIndex is <b>not</b> used:
 * in Ratis 3.3 a leader answers a ReadIndex at once, with no heartbeat round, whenever its commit
 * index has not moved since an earlier confirmed read ({@code ReadIndexHeartbeats.ackedCommitIndex})
 * — exactly the state of a leader deposed while it was paused or partitioned, which then served
 * stale "linearizable" reads (found by the Jepsen registry workload; {@code QuorumIT} shows it).
 *
 * <p>Concurrent reads share barriers through a {@link ReadBarrierBatcher}; continuations run on a
 * small executor of its own, never on a Ratis thread. Every round is bounded by the request timeout
 * (a round that never ended would hold every later read). Close with the member.
 */
final class ReadBarriers implements AutoCloseable {
  private static final int READ_THREADS = 4;
  private static final Command BARRIER =
      Command.newBuilder().setReadBarrier(ReadBarrierCommand.getDefaultInstance()).build();

  private final LongFunction<CompletableFuture<Void>> applied;
  private final Duration timeout;
  private final ExecutorService executor = Executors.newFixedThreadPool(READ_THREADS, RaftNode.daemon("meshkit-read"));
  private final ReadBarrierBatcher reads;
  private final ReadBarrierBatcher leadership;

  /**
   * @param viaLeader proposes a command through whichever member leads (forwarded from a follower)
   * @param onThisMember proposes a command on this member's own Raft server, failing if it does not lead
   * @param applied completes once this member applied the given index
   * @param timeout bound on one round
   */
  ReadBarriers(Function<Command, CompletableFuture<CommandResult>> viaLeader,
      Function<Command, CompletableFuture<CommandResult>> onThisMember,
      LongFunction<CompletableFuture<Void>> applied, Duration timeout) {
    this.applied = applied;
    this.timeout = timeout;
    this.reads = new ReadBarrierBatcher(() -> round(viaLeader), executor);
    this.leadership = new ReadBarrierBatcher(() -> round(onThisMember), executor);
  }

  /** Completes, on the read executor, once this member applied everything committed before the call. */
  CompletableFuture<Void> await() {
    return reads.await();
  }

  /**
   * Completes, on the read executor, once a barrier proposed by this member after the call was
   * committed — so this member led at some point after the call. Fails if it does not lead.
   */
  CompletableFuture<Void> confirmLeadership() {
    return leadership.await();
  }

  /** One barrier: proposed with {@code propose}, then applied here. */
  private CompletableFuture<Void> round(Function<Command, CompletableFuture<CommandResult>> propose) {
    return propose.apply(BARRIER).thenCompose(result -> applied.apply(result.getRevision())
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionallyCompose(failure -> CompletableFuture.failedFuture(failure instanceof TimeoutException
            ? new MeshException(ErrorCode.TIMEOUT, "this member did not apply the read barrier at revision "
                + result.getRevision() + " within " + timeout.toMillis() + " ms",
                "it is behind the leader: retry, or read from another member")
            : failure)));
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
