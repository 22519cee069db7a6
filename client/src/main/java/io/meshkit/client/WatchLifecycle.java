package io.meshkit.client;

/**
 * What every resumable watch tells its handler besides deliveries: that it moved to another member,
 * and that it ended for good. Calls come from the client's threads, one at a time.
 */
public interface WatchLifecycle {
  /**
   * The watch lost its member and will resume on another one from {@code fromRevision} (0 when a
   * KV watch had not been created yet). Informational: nothing is lost or repeated.
   */
  default void onReconnecting(String failedEndpoint, long fromRevision, MeshkitClientException cause) {}

  /**
   * The watch ended for good — the server refused it (a compacted start revision, a bad key range)
   * — and no further calls follow. Not called after {@link WatchSubscription#close()}.
   */
  void onFailed(MeshkitClientException error);
}
