package io.meshkit.raft;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Shares ReadIndex barriers among concurrent linearizable reads: at most one batch is in flight per
 * member, and every read that arrives meanwhile waits for the <em>next</em> batch, sent as soon as
 * the current one completes. A read never shares a barrier sent before it arrived — that one could
 * predate writes acknowledged before the read began — so each read still reflects every write
 * acknowledged before its own start (linearizable), while N concurrent reads cost about two barrier
 * rounds instead of N.
 *
 * <p><b>Hedging.</b> A barrier that has not completed after {@code hedgeAfter} is sent again (up to
 * {@link #MAX_ATTEMPTS} in all) and the batch completes with the first success. Under a mixed
 * read/write load a Ratis ReadIndex occasionally waits for the leader's next scheduled heartbeat
 * (500 ms here) instead of triggering one; with one batch in flight that stalled every queued read
 * (mixed p99 520 ms while the members idled at a quarter of their CPU). Every attempt is sent after
 * the batch's reads arrived, so any of them is a valid barrier for all of them.
 *
 * <p>A batch fails only when every attempt failed, and fails only its own reads; the next batch is
 * sent anyway.
 *
 * <p>Completions run on {@code executor}, never on the thread that completed the barrier: that is a
 * Ratis thread (on a follower, the state machine updater), and sending the next barrier or serving
 * the reads from it stalled Ratis — followers stopped answering appends and the quorum lost its
 * leader under 64 concurrent readers (found by {@code bin/perf compare}).
 */
final class ReadBarrierBatcher {
  static final int MAX_ATTEMPTS = 4;

  private final Supplier<CompletableFuture<Void>> barrier;
  private final Executor executor;
  private final ScheduledExecutorService timer;
  private final long hedgeAfterNanos;
  /** Reads waiting for the batch after the one in flight. Guarded by this. */
  private CompletableFuture<Void> next;
  /** Guarded by this. */
  private boolean inFlight;

  /**
   * @param barrier sends one ReadIndex barrier, completing when this member has applied up to it
   * @param executor where the next batch is sent and the waiting reads continue
   * @param timer schedules the hedged attempts
   * @param hedgeAfter how long an attempt may run before another is sent
   */
  ReadBarrierBatcher(Supplier<CompletableFuture<Void>> barrier, Executor executor, ScheduledExecutorService timer,
      Duration hedgeAfter) {
    this.barrier = barrier;
    this.executor = executor;
    this.timer = timer;
    this.hedgeAfterNanos = hedgeAfter.toNanos();
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

  /** Sends a batch for {@code waiters}; when it completes, sends the next batch if any waits. */
  private void send(CompletableFuture<Void> waiters) {
    CompletableFuture<Void> batch = new CompletableFuture<>();
    AtomicInteger pending = new AtomicInteger();
    AtomicInteger attempts = new AtomicInteger(1);
    attempt(batch, pending);
    ScheduledFuture<?> hedges = timer.scheduleAtFixedRate(() -> {
      if (!batch.isDone() && attempts.get() < MAX_ATTEMPTS) {
        attempts.incrementAndGet();
        attempt(batch, pending);
      }
    }, hedgeAfterNanos, hedgeAfterNanos, TimeUnit.NANOSECONDS);
    batch.whenCompleteAsync((ok, failure) -> {
      hedges.cancel(false);
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

  /** One barrier attempt for {@code batch}: its first success completes it, the last failure fails it. */
  private void attempt(CompletableFuture<Void> batch, AtomicInteger pending) {
    pending.incrementAndGet();
    CompletableFuture<Void> sent;
    try {
      sent = barrier.get();
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete((ok, failure) -> {
      if (failure == null) {
        batch.complete(null);
      } else if (pending.decrementAndGet() == 0) {
        batch.completeExceptionally(failure);
      }
    });
  }
}
