package io.meshkit.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Futures waiting for this member's applied index to reach a value. The apply path reports every
 * advance; a future completes on the thread that reports the advance reaching its index, so callers
 * must continue asynchronously (never run work on the apply thread). Thread-safe.
 */
final class AppliedIndexWaiters {
  /** Guarded by this. */
  private final NavigableMap<Long, CompletableFuture<Void>> waiting = new TreeMap<>();
  /** Guarded by this. */
  private long applied;

  /**
   * Completes once the applied index is at least {@code index} (at once if it already is). Each
   * caller gets its own future, so one caller's timeout does not fail another's.
   */
  synchronized CompletableFuture<Void> await(long index) {
    if (index <= applied) {
      return CompletableFuture.completedFuture(null);
    }
    return waiting.computeIfAbsent(index, i -> new CompletableFuture<>()).copy();
  }

  /** The applied index is now {@code index}; lower values (replays) are ignored. */
  void advance(long index) {
    List<CompletableFuture<Void>> due;
    synchronized (this) {
      if (index <= applied) {
        return;
      }
      applied = index;
      NavigableMap<Long, CompletableFuture<Void>> reached = waiting.headMap(index, true);
      if (reached.isEmpty()) {
        return;
      }
      due = new ArrayList<>(reached.values());
      reached.clear();
    }
    due.forEach(f -> f.complete(null));
  }
}
