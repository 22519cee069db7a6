package io.meshkit.client;

import io.grpc.Channel;
import io.meshkit.proto.ErrorCodes;
import io.meshkit.proto.v1.ErrorCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The lifecycle the client's resumable watches share (KV, registry): one stream at a time on the
 * current endpoint; when it fails, the next opens on the next endpoint after a backoff, from where
 * {@link #nextRevision}; a definite refusal or {@link #close()} ends it for good. Subclasses open
 * streams and decide what each response means.
 *
 * <p>Invariant: at most one stream is live; callbacks from an older stream are ignored. Subclasses
 * read and advance {@link #nextRevision} under {@link #lock}, checking {@link #isLive} first.
 *
 * @param <Q> the stream's request type
 * @param <R> the stream's response type
 */
abstract class ResumingStream<Q, R> implements WatchSubscription {
  final EndpointPool pool;
  final Object lock = new Object();
  private final Backoff backoff;
  private final ScheduledExecutorService scheduler;
  private final WatchLifecycle listener;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  // Guarded by lock. The next revision owed to the handler: where a new stream starts.
  long nextRevision;
  private Attempt live;
  private int failures;
  private boolean ended;

  ResumingStream(EndpointPool pool, Backoff backoff, ScheduledExecutorService scheduler, WatchLifecycle listener) {
    this.pool = pool;
    this.backoff = backoff;
    this.scheduler = scheduler;
    this.listener = listener;
  }

  /** Starts the call of {@code attempt} on {@code channel}, from the current position. Under {@link #lock}. */
  abstract void open(Channel channel, Attempt attempt);

  /** Handles one response of the live (or a stale) {@code attempt}. */
  abstract void onResponse(Attempt attempt, R response);

  @Override
  public final long nextRevision() {
    synchronized (lock) {
      return nextRevision;
    }
  }

  @Override
  public final CompletableFuture<Void> done() {
    return done;
  }

  @Override
  public final void close() {
    Attempt stream;
    synchronized (lock) {
      if (ended) {
        return;
      }
      ended = true;
      stream = live;
      live = null;
    }
    if (stream != null) {
      stream.cancel("watch closed by the client");
    }
    done.complete(null);
  }

  /** Opens a stream on the current endpoint, unless the watch ended. */
  final void connect() {
    synchronized (lock) {
      if (ended) {
        return;
      }
      int endpoint = pool.current();
      live = new Attempt(endpoint);
      try {
        open(pool.channel(endpoint), live);
      } catch (RuntimeException clientClosed) {
        live = null;
      }
    }
  }

  /** Whether {@code attempt} is the live stream of a watch that has not ended. Under {@link #lock}. */
  final boolean isLive(Attempt attempt) {
    return !ended && live == attempt;
  }

  /** The live stream delivered: the next failure starts the backoff afresh. Under {@link #lock}. */
  final void delivered() {
    failures = 0;
  }

  /**
   * A server's cancellation: a dropped watch (slow consumer, member shutting down) resumes
   * elsewhere; a refusal (e.g. a compacted start, named in the hint) ends it.
   */
  final void canceled(Attempt attempt, ErrorCode code, String reason, long compactRevision) {
    String hint = code != ErrorCode.COMPACTED ? "" : "history before revision " + compactRevision
        + " is compacted: watch from that revision, or read the current state and watch from its revision + 1";
    MeshkitClientException error = new MeshkitClientException(code, reason, hint, pool.endpoint(attempt.endpoint),
        false, null);
    if (code == ErrorCode.WATCH_CANCELED || ErrorCodes.isRetriable(code)) {
      resume(attempt, error);
    } else {
      fail(attempt, error);
    }
  }

  /** Leaves the failed stream and schedules a new one on the next endpoint. */
  final void resume(Attempt failed, MeshkitClientException cause) {
    long from;
    long delay;
    synchronized (lock) {
      if (!isLive(failed)) {
        return;
      }
      live = null;
      pool.failedAt(failed.endpoint);
      failures++;
      delay = backoff.delayNanos(failures);
      from = nextRevision;
    }
    failed.cancel("resuming elsewhere");
    listener.onReconnecting(pool.endpoint(failed.endpoint), from, cause);
    try {
      scheduler.schedule(this::connect, delay, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException clientClosed) {
      fail(null, cause);
    }
  }

  /** Ends the watch with {@code error}; with a non-null {@code from}, only if that stream is still live. */
  final void fail(Attempt from, MeshkitClientException error) {
    synchronized (lock) {
      if (ended || from != null && live != from) {
        return;
      }
      ended = true;
      live = null;
    }
    if (from != null) {
      from.cancel("watch failed");
    }
    listener.onFailed(error);
    done.completeExceptionally(error);
  }

  /** One gRPC stream of the watch. */
  final class Attempt extends CancellableCall<Q, R> {
    private final int endpoint;

    Attempt(int endpoint) {
      this.endpoint = endpoint;
    }

    @Override
    public void onNext(R response) {
      onResponse(this, response);
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
