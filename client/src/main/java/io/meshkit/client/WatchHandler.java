package io.meshkit.client;

import io.meshkit.proto.v1.Event;
import java.util.List;

/**
 * Receives a watch's deliveries. Calls are made one at a time, from gRPC threads: keep them short
 * or hand off. Across reconnects each revision is delivered exactly once, in increasing order.
 */
public interface WatchHandler {
  /** The changes one revision made to the watched keys. */
  void onEvents(long revision, List<Event> events);

  /** Every change up to {@code revision} has been delivered (asked-for or periodic progress). */
  default void onProgress(long revision) {}

  /**
   * The watch lost its member and will resume on another one from {@code fromRevision} (0 when it
   * had not been created yet). Informational: nothing is lost or repeated.
   */
  default void onReconnecting(String failedEndpoint, long fromRevision, MeshkitClientException cause) {}

  /**
   * The watch ended for good — the server refused it (a compacted start revision, a bad key range)
   * — and no further calls follow. Not called after {@link WatchSubscription#close()}.
   */
  void onFailed(MeshkitClientException error);
}
