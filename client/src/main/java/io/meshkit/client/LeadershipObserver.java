package io.meshkit.client;

import io.meshkit.proto.v1.ElectionGrpc;
import io.meshkit.proto.v1.LeadershipEvent;
import io.meshkit.proto.v1.ObserveRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An Observe stream that resumes on the next member from the revision after the last event it
 * delivered, so the consumer sees every leadership change once, in order. Ends only when closed or
 * when the server refuses the request for good (a compacted start revision, a bad scope).
 */
final class LeadershipObserver implements AutoCloseable {
  private final EndpointPool pool;
  private final Backoff backoff;
  private final ScheduledExecutorService scheduler;
  private final ObserveRequest template;
  private final Consumer<LeadershipEvent> consumer;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final Object lock = new Object();
  // Guarded by lock.
  private long nextRevision;
  /** Scopes already delivered at revision {@code nextRevision} (one revision can change several). */
  private final java.util.Set<String> deliveredAtNext = new java.util.HashSet<>();
  private Responses current;
  private int failures;
  private boolean closed;

  LeadershipObserver(EndpointPool pool, Backoff backoff, ScheduledExecutorService scheduler, ObserveRequest template,
      Consumer<LeadershipEvent> consumer) {
    this.pool = pool;
    this.backoff = backoff;
    this.scheduler = scheduler;
    this.template = template;
    this.consumer = consumer;
    this.nextRevision = template.getStartRevision();
  }

  CompletableFuture<Void> done() {
    return done;
  }

  void connect() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      int endpoint = pool.current();
      current = new Responses(endpoint);
      try {
        ElectionGrpc.newStub(pool.channel(endpoint))
            .observe(template.toBuilder().setStartRevision(nextRevision).build(), current);
      } catch (RuntimeException clientClosed) {
        current = null;
      }
    }
  }

  @Override
  public void close() {
    Responses live;
    synchronized (lock) {
      closed = true;
      live = current;
      current = null;
    }
    if (live != null) {
      live.cancel("closed by the client");
    }
    done.complete(null);
  }

  private final class Responses extends CancellableCall<ObserveRequest, LeadershipEvent> {
    private final int endpoint;

    Responses(int endpoint) {
      this.endpoint = endpoint;
    }

    @Override
    public void onNext(LeadershipEvent event) {
      synchronized (lock) {
        if (closed || current != this || event.getRevision() < nextRevision) {
          return;
        }
        if (event.getRevision() > nextRevision) {
          nextRevision = event.getRevision();
          deliveredAtNext.clear();
        }
        // Resuming re-reads this revision (it may hold more scopes); what was delivered is skipped.
        if (!deliveredAtNext.add(event.getLeadership().getScope())) {
          return;
        }
        failures = 0;
      }
      consumer.accept(event);
    }

    @Override
    public void onError(Throwable t) {
      MeshkitClientException error = MeshkitClientException.from(t, pool.endpoint(endpoint));
      long delay;
      synchronized (lock) {
        if (closed || current != this) {
          return;
        }
        current = null;
        if (error.fromServer() && !error.isRetriable()) {
          closed = true;
          done.completeExceptionally(error);
          return;
        }
        pool.failedAt(endpoint);
        delay = backoff.delayNanos(++failures);
      }
      try {
        scheduler.schedule(LeadershipObserver.this::connect, delay, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException clientClosed) {
        done.completeExceptionally(error);
      }
    }

    @Override
    public void onCompleted() {
      onError(io.grpc.Status.UNAVAILABLE.withDescription("the member ended the stream").asRuntimeException());
    }
  }
}
