package io.meshkit.client;

import io.grpc.Channel;
import io.meshkit.proto.v1.WatchCreateRequest;
import io.meshkit.proto.v1.WatchGrpc;
import io.meshkit.proto.v1.WatchRequest;
import io.meshkit.proto.v1.WatchResponse;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A KV watch that survives the loss of its member: it remembers the next revision it owes the
 * handler and, when its stream fails, opens a new one on the next endpoint from that revision
 * ({@link ResumingStream}). Events the server sends again after a resume (revision below the next
 * one owed) are dropped, so the handler sees every revision once. The server's own history window
 * bounds how long an outage can be bridged: past it the resumed watch fails with {@code COMPACTED}.
 */
final class ResumableWatch extends ResumingStream<WatchRequest, WatchResponse> {
  private static final long WATCH_ID = 1;

  private final WatchCreateRequest template;
  private final WatchHandler handler;
  // Guarded by lock. nextRevision is meaningful once positioned: from the start, when the caller
  // gave a start revision, else from the server's "created" answer (revision 0 is a real revision).
  private boolean positioned;

  ResumableWatch(EndpointPool pool, Backoff backoff, ScheduledExecutorService scheduler,
      WatchCreateRequest template, WatchHandler handler) {
    super(pool, backoff, scheduler, handler);
    this.template = template;
    this.handler = handler;
    this.nextRevision = template.getStartRevision();
    this.positioned = nextRevision > 0;
  }

  void start() {
    connect();
  }

  @Override
  void open(Channel channel, Attempt attempt) {
    WatchGrpc.newStub(channel).watch(attempt).onNext(WatchRequest.newBuilder()
        .setCreateRequest(template.toBuilder().setStartRevision(nextRevision).setWatchId(WATCH_ID))
        .build());
  }

  @Override
  void onResponse(Attempt attempt, WatchResponse response) {
    if (response.getCanceled()) {
      canceled(attempt, response.getCancelCode().getCode(), response.getCancelReason(), response.getCompactRevision());
      return;
    }
    long revision = response.getHeader().getRevision();
    synchronized (lock) {
      if (!isLive(attempt)) {
        return;
      }
      delivered();
      if (response.getCreated()) {
        if (!positioned) {
          nextRevision = revision + 1;
          positioned = true;
        }
        return;
      }
      if (response.getEventsCount() > 0 && revision < nextRevision) {
        return; // delivered before the resume
      }
      nextRevision = Math.max(nextRevision, revision + 1);
    }
    if (response.getEventsCount() > 0) {
      handler.onEvents(revision, response.getEventsList());
    } else if (response.getProgressNotify()) {
      handler.onProgress(revision);
    }
  }
}
