package io.meshkit.client;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.LeaseGrpc;
import io.meshkit.proto.v1.LeaseKeepAliveRequest;
import io.meshkit.proto.v1.LeaseKeepAliveResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one lease alive: sends a keepalive every TTL/3 on a stream to one member, and moves to the
 * next member when the stream fails. The holder may rely on the lease until {@link #validUntilNanos()}
 * — the send time of the last acknowledged keepalive plus the TTL it granted — which is never later
 * than the cluster could expire it (see docs/leases.md for the clock assumptions).
 *
 * <p>Ends ({@link #done()} completes exceptionally) when the cluster answers that the lease is gone,
 * or when no keepalive was acknowledged before the lease would have run out.
 */
public final class LeaseKeepAlive implements AutoCloseable {
  /** Told about the lease's fate; calls come from gRPC or timer threads, one at a time. */
  public interface Listener {
    default void onRenewed(long ttlMs) {}

    /** The lease is gone (expired, revoked) or could not be renewed in time. No further calls. */
    default void onLost(MeshkitClientException why) {}
  }

  private final long id;
  private final EndpointPool pool;
  private final ScheduledExecutorService scheduler;
  private final Listener listener;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final Object lock = new Object();
  // Guarded by lock.
  private long intervalNanos;
  private long validUntil;
  private long lastSent;
  private boolean inFlight;
  /** The last keepalive got no answer: retry at the next tick instead of a full interval later. */
  private boolean lastFailed;
  private ClientCallStreamObserver<LeaseKeepAliveRequest> stream;
  private int endpoint;
  private ScheduledFuture<?> timer;
  private boolean closed;

  /**
   * @param grantSentNanos {@link System#nanoTime()} when the grant (or the last renewal the caller
   *     knows of) was sent: the cluster started the lease no earlier, so it lives at least until then
   *     plus the TTL
   */
  LeaseKeepAlive(long id, long ttlMs, long grantSentNanos, EndpointPool pool, ScheduledExecutorService scheduler,
      Listener listener) {
    this.id = id;
    this.pool = pool;
    this.scheduler = scheduler;
    this.listener = listener;
    this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(100, ttlMs / 3));
    this.validUntil = grantSentNanos + TimeUnit.MILLISECONDS.toNanos(ttlMs);
  }

  void start() {
    synchronized (lock) {
      timer = scheduler.scheduleWithFixedDelay(this::tick, 0, 50, TimeUnit.MILLISECONDS);
    }
  }

  public long id() {
    return id;
  }

  /** {@link System#nanoTime()} until which the lease is certainly alive. */
  public long validUntilNanos() {
    synchronized (lock) {
      return validUntil;
    }
  }

  /** Completes when closed; exceptionally with the reason when the lease was lost. */
  public CompletableFuture<Void> done() {
    return done;
  }

  private void tick() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      long now = System.nanoTime();
      if (now >= validUntil) {
        lose(new MeshkitClientException(ErrorCode.TIMEOUT, "lease " + id + " could not be renewed before it ran out",
            "check that a majority of members is reachable", pool.endpoint(endpoint), false, null));
        return;
      }
      // Unanswered for half an interval: the member is probably gone; ask another one now.
      boolean stuck = inFlight && now - lastSent >= intervalNanos / 2;
      if (stuck) {
        dropStream();
        pool.failedAt(endpoint);
      }
      boolean due = stream == null && lastFailed || now - lastSent >= intervalNanos;
      lastFailed = stuck;
      if (due) {
        send(now);
      }
    }
  }

  // Guarded by lock.
  private void send(long now) {
    try {
      if (stream == null) {
        endpoint = pool.current();
        Responses responses = new Responses();
        LeaseGrpc.newStub(pool.channel(endpoint)).keepAlive(responses);
        stream = responses.call;
      }
      lastSent = now;
      inFlight = true;
      stream.onNext(LeaseKeepAliveRequest.newBuilder().setId(id).build());
    } catch (RuntimeException e) {
      dropStream();
      pool.failedAt(endpoint);
    }
  }

  // Guarded by lock.
  private void dropStream() {
    if (stream != null) {
      stream.cancel("moving to another member", null);
      stream = null;
    }
    inFlight = false;
  }

  private void lose(MeshkitClientException why) {
    if (stop()) {
      listener.onLost(why);
      done.completeExceptionally(why);
    }
  }

  @Override
  public void close() {
    if (stop()) {
      done.complete(null);
    }
  }

  /** Ends the stream and the timer; false when already stopped. */
  private boolean stop() {
    synchronized (lock) {
      if (closed) {
        return false;
      }
      closed = true;
      dropStream();
      if (timer != null) {
        timer.cancel(false);
      }
      return true;
    }
  }

  private final class Responses implements ClientResponseObserver<LeaseKeepAliveRequest, LeaseKeepAliveResponse> {
    private ClientCallStreamObserver<LeaseKeepAliveRequest> call;

    @Override
    public void beforeStart(ClientCallStreamObserver<LeaseKeepAliveRequest> requestStream) {
      this.call = requestStream;
    }

    @Override
    public void onNext(LeaseKeepAliveResponse response) {
      long ttl = response.getTtlMs();
      synchronized (lock) {
        if (closed || stream != call) {
          return;
        }
        inFlight = false;
        if (ttl > 0) {
          // Counted from when the keepalive was sent: the cluster counts from later.
          validUntil = Math.max(validUntil, lastSent + TimeUnit.MILLISECONDS.toNanos(ttl));
          intervalNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(100, ttl / 3));
        }
      }
      if (ttl > 0) {
        listener.onRenewed(ttl);
      } else {
        lose(new MeshkitClientException(ErrorCode.NOT_FOUND, "lease " + id + " expired or was revoked",
            "grant a new lease; what was attached to this one is gone", pool.endpoint(endpoint), false, null));
      }
    }

    @Override
    public void onError(Throwable t) {
      synchronized (lock) {
        if (stream == call) {
          stream = null;
          lastFailed = inFlight;
          inFlight = false;
          pool.failedAt(endpoint);
        }
      }
    }

    @Override
    public void onCompleted() {
      onError(null);
    }
  }
}
