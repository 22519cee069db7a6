package io.meshkit.client;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.meshkit.proto.ErrorCodes;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.WatchCreateRequest;
import io.meshkit.proto.v1.WatchGrpc;
import io.meshkit.proto.v1.WatchRequest;
import io.meshkit.proto.v1.WatchResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A watch that survives the loss of its member: it remembers the next revision it owes the handler
 * and, when its stream fails, opens a new one on the next endpoint from that revision. Events the
 * server sends again after a resume (revision below the next one owed) are dropped, so the handler
 * sees every revision once. The server's own history window bounds how long an outage can be
 * bridged: past it the resumed watch fails with {@code COMPACTED}.
 *
 * <p>Invariant: at most one stream is live; callbacks from an older stream are ignored.
 */
final class ResumableWatch implements WatchSubscription {
  private static final long WATCH_ID = 1;

  private final EndpointPool pool;
  private final Backoff backoff;
  private final ScheduledExecutorService scheduler;
  private final WatchCreateRequest template;
  private final WatchHandler handler;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final Object lock = new Object();
  // Guarded by lock. nextRevision is meaningful once positioned: from the start, when the caller
  // gave a start revision, else from the server's "created" answer (revision 0 is a real revision).
  private long nextRevision;
  private boolean positioned;
  private Stream stream;
  private int failures;
  private boolean closed;

  ResumableWatch(EndpointPool pool, Backoff backoff, ScheduledExecutorService scheduler,
      WatchCreateRequest template, WatchHandler handler) {
    this.pool = pool;
    this.backoff = backoff;
    this.scheduler = scheduler;
    this.template = template;
    this.handler = handler;
    this.nextRevision = template.getStartRevision();
    this.positioned = nextRevision > 0;
  }

  void start() {
    connect();
  }

  @Override
  public long nextRevision() {
    synchronized (lock) {
      return nextRevision;
    }
  }

  @Override
  public CompletableFuture<Void> done() {
    return done;
  }

  @Override
  public void close() {
    Stream live;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      live = stream;
      stream = null;
    }
    if (live != null) {
      live.cancel("watch closed by the client");
    }
    done.complete(null);
  }

  private void connect() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      int endpoint = pool.current();
      Stream next = new Stream(endpoint);
      stream = next;
      try {
        WatchGrpc.newStub(pool.channel(endpoint)).watch(next).onNext(WatchRequest.newBuilder()
            .setCreateRequest(template.toBuilder().setStartRevision(nextRevision).setWatchId(WATCH_ID))
            .build());
      } catch (RuntimeException e) {
        // The client is closing: nothing more to deliver.
        stream = null;
      }
    }
  }

  /** Leaves the failed stream and schedules a new one on the next endpoint. */
  private void resume(Stream failed, MeshkitClientException cause) {
    long from;
    long delay;
    synchronized (lock) {
      if (closed || stream != failed) {
        return;
      }
      stream = null;
      pool.failedAt(failed.endpoint);
      failures++;
      delay = backoff.delayNanos(failures);
      from = nextRevision;
    }
    failed.cancel("resuming elsewhere");
    handler.onReconnecting(pool.endpoint(failed.endpoint), from, cause);
    try {
      scheduler.schedule(this::connect, delay, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException clientClosed) {
      fail(null, cause);
    }
  }

  private void fail(Stream failed, MeshkitClientException error) {
    synchronized (lock) {
      if (closed || failed != null && stream != failed) {
        return;
      }
      closed = true;
      stream = null;
    }
    if (failed != null) {
      failed.cancel("watch failed");
    }
    handler.onFailed(error);
    done.completeExceptionally(error);
  }

  /** One gRPC stream of this watch. */
  private final class Stream implements ClientResponseObserver<WatchRequest, WatchResponse> {
    private final int endpoint;
    private volatile ClientCallStreamObserver<WatchRequest> call;

    Stream(int endpoint) {
      this.endpoint = endpoint;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<WatchRequest> requestStream) {
      this.call = requestStream;
    }

    void cancel(String why) {
      ClientCallStreamObserver<WatchRequest> c = call;
      if (c != null) {
        c.cancel(why, null);
      }
    }

    @Override
    public void onNext(WatchResponse response) {
      if (response.getCanceled()) {
        onCanceled(response);
        return;
      }
      long revision = response.getHeader().getRevision();
      synchronized (lock) {
        if (closed || stream != this) {
          return;
        }
        failures = 0;
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

    private void onCanceled(WatchResponse response) {
      ErrorCode code = response.getCancelCode().getCode();
      String reason = response.getCancelReason();
      String hint = "";
      if (code == ErrorCode.COMPACTED) {
        hint = "history before revision " + response.getCompactRevision()
            + " is compacted: watch from that revision, or read the current state and watch from its revision + 1";
      }
      MeshkitClientException error = new MeshkitClientException(code, reason, hint, pool.endpoint(endpoint),
          false, null);
      if (code == ErrorCode.WATCH_CANCELED || ErrorCodes.isRetriable(code)) {
        // The member dropped us (slow consumer, shutting down): history lets us resume elsewhere.
        resume(this, error);
      } else {
        fail(this, error);
      }
    }

    @Override
    public void onError(Throwable t) {
      MeshkitClientException error = MeshkitClientException.from(t, pool.endpoint(endpoint));
      if (error.fromServer() && !error.isRetriable()) {
        fail(this, error);
      } else {
        resume(this, error);
      }
    }

    @Override
    public void onCompleted() {
      resume(this, new MeshkitClientException(ErrorCode.UNAVAILABLE, "the member ended the watch stream", "",
          pool.endpoint(endpoint), false, null));
    }
  }
}
