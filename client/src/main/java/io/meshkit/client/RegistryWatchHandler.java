package io.meshkit.client;

import io.meshkit.proto.v1.RegistryEvent;
import java.util.List;

/**
 * Receives a registry watch's deliveries. Calls are made one at a time, from gRPC threads: keep them
 * short or hand off. Across reconnects each revision is delivered exactly once, in increasing order.
 */
public interface RegistryWatchHandler extends WatchLifecycle {
  /** The registry changes (namespaces, shards, nodes) one revision made, in order. */
  void onEvents(long revision, List<RegistryEvent> events);

  /** Every change up to {@code revision} has been delivered. */
  default void onProgress(long revision) {}
}
