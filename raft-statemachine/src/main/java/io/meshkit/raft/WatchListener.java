package io.meshkit.raft;

import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Event;
import java.util.List;

/**
 * Receives one watch's stream. Calls for one watch never overlap and arrive in revision order:
 * every matching event exactly once, no gaps. Calls run on the hub's delivery threads and must not
 * block.
 */
public interface WatchListener {

  /** The matching events of one revision. */
  void onEvents(long revision, List<Event> events);

  /** Every matching event up to and including {@code revision} has been delivered. */
  void onProgress(long revision);

  /**
   * The watch ended and gets no further calls. {@code compactRevision} is the oldest revision still
   * available when {@code code} is {@link ErrorCode#COMPACTED}, else 0.
   */
  void onCanceled(ErrorCode code, String reason, long compactRevision);

  /**
   * Whether the consumer can take more now (e.g. the gRPC stream is writable). While false the hub
   * queues events for this watch, up to its bound; call {@link Watch#resume()} when ready again.
   */
  default boolean isReady() {
    return true;
  }
}
