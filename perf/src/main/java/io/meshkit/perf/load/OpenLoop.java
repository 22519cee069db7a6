package io.meshkit.perf.load;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Requests at a fixed target rate, whatever the system's speed: request {@code i} is due at
 * {@code start + i / rate}, and its latency is measured from when it was <em>due</em>, not from when
 * it was sent. A system that stalls therefore shows the stall in every request that should have been
 * sent meanwhile (no coordinated omission). At most {@code maxOutstanding} requests are in flight;
 * past that, sending waits, and the wait counts in the latency of the waiting requests. Sending stops
 * when the window ends: requests that fell due in the window but could not be sent by then (the
 * system fell behind the rate) are counted as failures with code {@link #BACKLOG}, never dropped.
 */
public final class OpenLoop {
  /** The code of requests due in the window that the generator could not send before it ended. */
  public static final String BACKLOG = "NOT_SENT_SYSTEM_BEHIND";

  private final double ratePerSecond;
  private final int maxOutstanding;
  private final int slots;
  private final Operation operation;
  private final Outcomes outcomes;

  /**
   * @param slots how many distinct worker numbers requests cycle through (e.g. one per connection)
   */
  public OpenLoop(double ratePerSecond, int maxOutstanding, int slots, Operation operation, Outcomes outcomes) {
    if (ratePerSecond <= 0) {
      throw new IllegalArgumentException("the rate must be positive, not " + ratePerSecond);
    }
    this.ratePerSecond = ratePerSecond;
    this.maxOutstanding = maxOutstanding;
    this.slots = Math.max(1, slots);
    this.operation = operation;
    this.outcomes = outcomes;
  }

  /** Sends at the target rate from now to the end of {@code window}, then waits up to {@code drain}. */
  public void run(Window window, Duration drain) throws InterruptedException {
    Semaphore outstanding = new Semaphore(maxOutstanding);
    long origin = System.nanoTime();
    double interval = 1e9 / ratePerSecond;
    for (long i = 0; ; i++) {
      long due = origin + (long) (i * interval);
      if (due >= window.end()) {
        break;
      }
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      if (!outstanding.tryAcquire(Math.max(0, window.end() - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        countBacklog(window, origin, interval, i);
        break;
      }
      CompletableFuture<?> call;
      try {
        call = operation.issue((int) (i % slots), i);
      } catch (RuntimeException e) {
        call = CompletableFuture.failedFuture(e);
      }
      call.whenComplete((ok, failure) -> {
        outstanding.release();
        if (window.measures(due)) {
          if (failure == null) {
            outcomes.succeeded(System.nanoTime() - due);
          } else {
            outcomes.failed(failure);
          }
        }
      });
    }
    if (outstanding.tryAcquire(maxOutstanding, drain.toMillis(), TimeUnit.MILLISECONDS)) {
      outstanding.release(maxOutstanding);
    }
  }

  /** Counts requests {@code from} onwards that were due inside the window as not sent. */
  private void countBacklog(Window window, long origin, double interval, long from) {
    for (long i = from; ; i++) {
      long due = origin + (long) (i * interval);
      if (due >= window.end()) {
        return;
      }
      if (window.measures(due)) {
        outcomes.failed(BACKLOG);
      }
    }
  }
}
