package io.meshkit.raft;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * This member's state hashes at hash-marker revisions. The apply thread {@link #pin}s a view right
 * after applying a marker — the same log position on every member — and one background thread hashes
 * it, so apply never waits for a hash. The newest {@link #KEPT} results are kept in memory only: a
 * restarted member holds none. A pinned view blocks snapshot installs on this member until hashed.
 *
 * <p>Thread-safe.
 */
final class StateHashes implements AutoCloseable {
  static final int KEPT = 16;

  private final ExecutorService hasher;
  /** Guarded by this; insertion (revision) order, oldest first. */
  private final Map<Long, CompletableFuture<StateHash>> byRevision = new LinkedHashMap<>();

  StateHashes() {
    this.hasher = Executors.newSingleThreadExecutor(RaftNode.daemon("meshkit-hash"));
  }

  /** Hashes {@code view} (the state right after the marker at {@code revision}) and closes it. */
  void pin(long revision, ReadView view) {
    CompletableFuture<StateHash> result = new CompletableFuture<>();
    synchronized (this) {
      byRevision.put(revision, result);
      Iterator<Long> oldest = byRevision.keySet().iterator();
      while (byRevision.size() > KEPT) {
        oldest.next();
        oldest.remove();
      }
    }
    try {
      hasher.execute(new Pinned(view, result));
    } catch (RejectedExecutionException e) {
      view.close();
      result.completeExceptionally(new StoreException("the member is closing"));
    }
  }

  /** The hash at {@code revision}, complete or in progress, if a marker there was pinned and is kept. */
  synchronized Optional<CompletableFuture<StateHash>> at(long revision) {
    return Optional.ofNullable(byRevision.get(revision));
  }

  /** Stops hashing; views still waiting are closed so they no longer hold the store. */
  @Override
  public void close() {
    for (Runnable queued : hasher.shutdownNow()) {
      ((Pinned) queued).abandon();
    }
  }

  /** One pinned view waiting to be hashed; always closes the view. */
  private record Pinned(ReadView view, CompletableFuture<StateHash> result) implements Runnable {
    @Override
    public void run() {
      try (view) {
        result.complete(StateHasher.hash(view));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    }

    void abandon() {
      view.close();
      result.completeExceptionally(new StoreException("the member closed before hashing its state"));
    }
  }
}
