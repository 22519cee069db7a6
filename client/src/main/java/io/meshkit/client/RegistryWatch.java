package io.meshkit.client;

import io.grpc.Channel;
import io.meshkit.proto.v1.RegistryGrpc;
import io.meshkit.proto.v1.RegistryWatchRequest;
import io.meshkit.proto.v1.RegistryWatchResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A registry watch that survives the loss of its member: it tracks the next revision it owes the
 * handler and, when its stream fails, reopens it on the next endpoint from that revision
 * ({@link ResumingStream}); a response for a revision already delivered is dropped. "From now" is
 * pinned to a revision before the first stream opens (see {@link #start}), so even a stream lost
 * before its first delivery resumes without a gap. The server's history window bounds the outage
 * that can be bridged: past it the watch fails with {@code COMPACTED}.
 */
final class RegistryWatch extends ResumingStream<RegistryWatchRequest, RegistryWatchResponse> {
  private final RegistryWatchRequest template;
  private final RegistryWatchHandler handler;

  RegistryWatch(EndpointPool pool, Backoff backoff, ScheduledExecutorService scheduler, RegistryWatchRequest template,
      RegistryWatchHandler handler) {
    super(pool, backoff, scheduler, handler);
    this.template = template;
    this.handler = handler;
  }

  /** Opens the first stream once {@code firstRevision} (the first revision to deliver) is known. */
  void start(CompletableFuture<Long> firstRevision) {
    firstRevision.whenComplete((revision, failure) -> {
      if (failure != null) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        fail(null, MeshkitClientException.from(cause, pool.endpoint(pool.current())));
        return;
      }
      synchronized (lock) {
        nextRevision = revision;
      }
      connect();
    });
  }

  @Override
  void open(Channel channel, Attempt attempt) {
    RegistryGrpc.newStub(channel).watch(template.toBuilder().setStartRevision(nextRevision).build(), attempt);
  }

  @Override
  void onResponse(Attempt attempt, RegistryWatchResponse response) {
    if (response.getCanceled()) {
      canceled(attempt, response.getCancelCode(), response.getCancelReason(), response.getCompactRevision());
      return;
    }
    long revision = revisionOf(response);
    synchronized (lock) {
      if (!isLive(attempt) || revision < nextRevision) {
        return;
      }
      delivered();
      nextRevision = revision + 1;
    }
    if (response.getEventsCount() > 0) {
      handler.onEvents(revision, response.getEventsList());
    } else if (response.getProgressNotify()) {
      handler.onProgress(revision);
    }
  }

  /** The revision a response speaks for: its events' (one revision per response), else the header's. */
  private static long revisionOf(RegistryWatchResponse response) {
    long eventRevision = response.getEventsCount() > 0 ? response.getEvents(0).getRevision() : 0;
    return eventRevision > 0 ? eventRevision : response.getHeader().getRevision();
  }
}
