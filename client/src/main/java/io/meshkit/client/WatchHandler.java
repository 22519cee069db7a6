package io.meshkit.client;

import io.meshkit.proto.v1.Event;
import java.util.List;

/**
 * Receives a watch's deliveries. Calls are made one at a time, from gRPC threads: keep them short
 * or hand off. Across reconnects each revision is delivered exactly once, in increasing order.
 */
public interface WatchHandler extends WatchLifecycle {
  /** The changes one revision made to the watched keys. */
  void onEvents(long revision, List<Event> events);

  /** Every change up to {@code revision} has been delivered (asked-for or periodic progress). */
  default void onProgress(long revision) {}
}
