package io.meshkit.raft;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Shares barriers among concurrent linearizable reads: at most one batch is in flight per member,
 * and every read that arrives meanwhile waits for the <em>next</em> batch, sent as soon as the
 * current one completes. A read never shares a barrier sent before it arrived — that one could
 * predate writes acknowledged before the read began — so each read still reflects every write
 * acknowledged before its own start (linearizable), while N concurrent reads cost about two barrier
 * rounds instead of N.
 *
 * <p>Contract for the barrier: it must complete (or fail) within a bounded time. A barrier that never
 * completed would hold every later read of the member forever; {@link ReadBarriers} bounds its rounds
 * by the request timeout.
 *
 * <p>A batch that fails fails only its own reads; the next batch is sent anyway.
 *
 * <p>Completions run on {@code executor}, never on the thread that completed the barrier: that is a
 * Ratis thread (the apply thread, or a client reply thread), and sending the next barrier or serving
 * the reads from it there stalled Ratis — followers stopped answering appends and the quorum lost its
 * leader under 64 concurrent readers (found by {@code bin/perf compare}).
 */
final class ReadBarrierBatcher<T> {
  private final Supplier<CompletableFuture<T>> barrier;
  private final Executor executor;
  /** Reads waiting for the batch after the one in flight. Guarded by this. */
  private CompletableFuture<T> next;
  /** Guarded by this. */
  private boolean inFlight;

  /**
   * @param barrier sends one barrier, completing (with what the reads are given, e.g. the read index)
   *     when this member has applied up to it
   * @param executor where the next batch is sent and the waiting reads continue
   */
  ReadBarrierBatcher(Supplier<CompletableFuture<T>> barrier, Executor executor) {
    this.barrier = barrier;
    this.executor = executor;
  }

  /** Completes, with that barrier's result, once a barrier sent after this call has completed. */
  CompletableFuture<T> await() {
    CompletableFuture<T> mine;
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

  /** Sends a batch for {@code waiters}; when it completes, sends the next batch if any waits. */
  private void send(CompletableFuture<T> waiters) {
    CompletableFuture<T> batch;
    try {
      batch = barrier.get();
    } catch (RuntimeException e) {
      batch = CompletableFuture.failedFuture(e);
    }
    batch.whenCompleteAsync((result, failure) -> {
      CompletableFuture<T> following;
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
        waiters.complete(result);
      }
    }, executor);
  }
}
