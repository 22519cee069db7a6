package io.meshkit.relay.proxy;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One backend's in-flight limit: at most {@code limit} requests hold a slot at once; up to
 * {@code queueLimit} more wait for one, in arrival order; beyond that a request is refused at once
 * (the caller answers 503 with {@code Retry-After}) and counted. Thread-safe: requests from every event
 * loop share one limiter per backend. A granted slot must be given back exactly once with
 * {@link #release()}.
 */
final class BackendLimiter {
  private final String endpoint;
  private final int limit;
  private final int queueLimit;
  private final Queue<Waiter> waiting = new ArrayDeque<>();
  private int inFlight;
  private long rejected;

  /** Shared answers for the usual case, a slot free or the queue full (nobody completes these again). */
  private static final CompletableFuture<Boolean> GRANTED = CompletableFuture.completedFuture(true);
  private static final CompletableFuture<Boolean> REFUSED = CompletableFuture.completedFuture(false);

  private record Waiter(CompletableFuture<Boolean> granted, Executor executor) {}

  BackendLimiter(String endpoint, int limit, int queueLimit) {
    this.endpoint = endpoint;
    this.limit = limit;
    this.queueLimit = queueLimit;
  }

  /**
   * A slot: completes with true on {@code executor} once granted, or at once with false when the queue
   * is full. A waiter that gives up ({@code cancel}) before it is granted leaves the queue.
   */
  CompletableFuture<Boolean> acquire(Executor executor) {
    synchronized (this) {
      if (inFlight < limit) {
        inFlight++;
        return GRANTED;
      }
      if (waiting.size() >= queueLimit) {
        rejected++;
        return REFUSED;
      }
      Waiter w = new Waiter(new CompletableFuture<>(), executor);
      waiting.add(w);
      return w.granted();
    }
  }

  /** Gives a slot back: the longest waiter still waiting gets it. */
  void release() {
    Waiter next;
    synchronized (this) {
      while ((next = waiting.poll()) != null && next.granted().isDone()) {
        // cancelled while waiting
      }
      if (next == null) {
        inFlight--;
        return;
      }
    }
    Waiter granted = next;
    granted.executor().execute(() -> {
      if (!granted.granted().complete(true)) {
        release(); // gave up just now: pass the slot on
      }
    });
  }

  synchronized BackendLoad load() {
    waiting.removeIf(w -> w.granted().isDone());
    return new BackendLoad(endpoint, inFlight, waiting.size(), limit, rejected);
  }
}
