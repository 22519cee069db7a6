package io.meshkit.raft;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Shares ReadIndex barriers among concurrent linearizable reads: at most one barrier request is in
 * flight per member, and every read that arrives meanwhile waits for the <em>next</em> one, sent as
 * soon as the current one completes. A read never shares a barrier sent before it arrived — that one
 * could predate writes acknowledged before the read began — so each read still reflects every write
 * acknowledged before its own start (linearizable), while N concurrent reads cost about two barrier
 * rounds instead of N.
 *
 * <p>A failed barrier fails only the reads that were waiting for it; the next batch is sent anyway.
 *
 * <p>Completions run on {@code executor}, never on the thread that completed the barrier: that is a
 * Ratis thread (on a follower, the state machine updater), and sending the next barrier or serving
 * the reads from it stalled Ratis — followers stopped answering appends and the quorum lost its
 * leader under 64 concurrent readers (found by {@code bin/perf compare}).
 */
final class ReadBarrierBatcher {
  private final Supplier<CompletableFuture<Void>> barrier;
  private final Executor executor;
  /** Reads waiting for the barrier after the one in flight. Guarded by this. */
  private CompletableFuture<Void> next;
  /** Guarded by this. */
  private boolean inFlight;

  /**
   * @param barrier sends one ReadIndex barrier, completing when this member has applied up to it
   * @param executor where the next barrier is sent and the waiting reads continue
   */
  ReadBarrierBatcher(Supplier<CompletableFuture<Void>> barrier, Executor executor) {
    this.barrier = barrier;
    this.executor = executor;
  }

  /** Completes once a barrier sent after this call has completed. */
  CompletableFuture<Void> await() {
    CompletableFuture<Void> mine;
    synchronized (this) {
      if (inFlight) {
        if (next == null) {
          next = new CompletableFuture<>();
        }
        return next;
      }
      inFlight = true;
      mine = new CompletableFuture<>();
    }
    send(mine);
    return mine;
  }

  /** Sends a barrier for {@code waiters}; when it completes, sends the next batch if any waits. */
  private void send(CompletableFuture<Void> waiters) {
    CompletableFuture<Void> sent;
    try {
      sent = barrier.get();
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenCompleteAsync((ok, failure) -> {
      CompletableFuture<Void> following;
      synchronized (this) {
        following = next;
        next = null;
        inFlight = following != null;
      }
      if (following != null) {
        send(following);
      }
      if (failure != null) {
        waiters.completeExceptionally(failure);
      } else {
        waiters.complete(null);
      }
    }, executor);
  }
}
