package io.meshkit.client;

import java.util.concurrent.CompletableFuture;

/** A running watch. Closing it stops delivery; it never resumes by itself after that. */
public interface WatchSubscription extends AutoCloseable {
  /** The revision the watch would resume from: one past the last revision delivered or promised. */
  long nextRevision();

  /**
   * Completes normally when the watch is closed and exceptionally (with a
   * {@link MeshkitClientException}) when it failed for good.
   */
  CompletableFuture<Void> done();

  @Override
  void close();
}
