package io.meshkit.client;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Deadline;
import io.meshkit.proto.v1.ErrorCode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs unary calls against the sticky endpoint and retries with backoff, on the next member, until
 * the operation's deadline. Which failures are retried depends on the request's {@link Idempotence}.
 * A {@code RATE_LIMITED} refusal is retried on the same member after the wait it asked for
 * ({@code retry_after_ms}, at least the backoff), unless that wait would pass the deadline.
 */
final class RetryingCaller {
  private final EndpointPool pool;
  private final Backoff backoff;
  private final ScheduledExecutorService scheduler;

  RetryingCaller(EndpointPool pool, Backoff backoff, ScheduledExecutorService scheduler) {
    this.pool = pool;
    this.backoff = backoff;
    this.scheduler = scheduler;
  }

  /** Calls {@code rpc} until it succeeds, fails for good, or {@code timeout} has passed. */
  <Q, R> CompletableFuture<R> call(Rpc<Q, R> rpc, Q request, Idempotence idempotence, Duration timeout) {
    CompletableFuture<R> result = new CompletableFuture<>();
    new Attempts<>(rpc, request, idempotence, Deadline.after(timeout.toNanos(), TimeUnit.NANOSECONDS), result)
        .next();
    return result;
  }

  /** Calls {@code rpc} once on {@code endpoint}, which need not be in the endpoint list. */
  <Q, R> CompletableFuture<R> callOnce(String endpoint, Rpc<Q, R> rpc, Q request, Duration timeout) {
    CompletableFuture<R> result = new CompletableFuture<>();
    Deadline deadline = Deadline.after(timeout.toNanos(), TimeUnit.NANOSECONDS);
    Futures.addCallback(rpc.call(pool.channel(endpoint), deadline, request), new FutureCallback<>() {
      @Override
      public void onSuccess(R response) {
        result.complete(response);
      }

      @Override
      public void onFailure(Throwable t) {
        result.completeExceptionally(MeshkitClientException.from(t, endpoint));
      }
    }, MoreExecutors.directExecutor());
    return result;
  }

  /** Whether a failed attempt may be sent again. */
  static boolean retriable(MeshkitClientException failure, Idempotence idempotence) {
    if (failure.notSent()) {
      return true;
    }
    if (!failure.isRetriable()) {
      return false;
    }
    return idempotence == Idempotence.SAFE
        || (failure.code() == ErrorCode.OVERLOADED || failure.code() == ErrorCode.RATE_LIMITED) && failure.fromServer();
  }

  private final class Attempts<Q, R> implements FutureCallback<R> {
    private final Rpc<Q, R> rpc;
    private final Q request;
    private final Idempotence idempotence;
    private final Deadline deadline;
    private final CompletableFuture<R> result;
    private int attempt;
    private int endpoint;
    private MeshkitClientException previous;

    Attempts(Rpc<Q, R> rpc, Q request, Idempotence idempotence, Deadline deadline, CompletableFuture<R> result) {
      this.rpc = rpc;
      this.request = request;
      this.idempotence = idempotence;
      this.deadline = deadline;
      this.result = result;
    }

    void next() {
      attempt++;
      endpoint = pool.current();
      try {
        Futures.addCallback(rpc.call(pool.channel(endpoint), deadline, request), this,
            MoreExecutors.directExecutor());
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    }

    @Override
    public void onSuccess(R response) {
      result.complete(response);
    }

    @Override
    public void onFailure(Throwable t) {
      MeshkitClientException failure = MeshkitClientException.from(t, pool.endpoint(endpoint));
      if (failure.code() == ErrorCode.TIMEOUT && !failure.fromServer() && previous != null && !previous.notSent()) {
        // Our own deadline cut the last attempt short: the member's earlier answer says more. Not when
        // that answer was a refused connection: the last attempt did go out and may have been
        // applied, so "not sent" would be a lie (found by the Jepsen set workload).
        result.completeExceptionally(previous);
        return;
      }
      previous = failure;
      if (!retriable(failure, idempotence)) {
        result.completeExceptionally(failure);
        return;
      }
      boolean rateLimited = failure.code() == ErrorCode.RATE_LIMITED;
      long delay = rateLimited ? Math.max(backoff.delayNanos(attempt), failure.retryAfter().toNanos())
          : backoff.delayNanos(attempt);
      if (deadline.timeRemaining(TimeUnit.NANOSECONDS) <= delay) {
        // Out of time: the member is not to blame for our deadline, so the pool stays put.
        result.completeExceptionally(failure);
        return;
      }
      if (!rateLimited) {
        // A member that limits our rate is healthy: waiting as it asked, on it, keeps to its limit.
        pool.failedAt(endpoint);
      }
      try {
        scheduler.schedule(this::next, delay, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException closed) {
        result.completeExceptionally(failure);
      }
    }
  }
}
