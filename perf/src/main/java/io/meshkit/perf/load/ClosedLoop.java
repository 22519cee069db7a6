package io.meshkit.perf.load;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N clients, each with one request outstanding: a client issues its next request when the last one
 * completes. Latency is measured from issue to completion. Throughput is what the system sustains
 * at that concurrency.
 */
public final class ClosedLoop {
  private final int concurrency;
  private final Operation operation;
  private final Outcomes outcomes;
  private final AtomicLong seq = new AtomicLong();
  private final CountDownLatch stopped;
  private volatile Window window;

  public ClosedLoop(int concurrency, Operation operation, Outcomes outcomes) {
    this.concurrency = concurrency;
    this.operation = operation;
    this.outcomes = outcomes;
    this.stopped = new CountDownLatch(concurrency);
  }

  /**
   * Runs through the warm-up and the measurement window, then waits up to {@code drain} for the
   * requests still outstanding.
   */
  public void run(Window window, Duration drain) throws InterruptedException {
    this.window = window;
    for (int w = 0; w < concurrency; w++) {
      int worker = w;
      // Each client starts on its own thread: one whose calls fail inline must not hold up the rest.
      Thread starter = new Thread(() -> next(worker), "closed-loop-client-" + worker);
      starter.setDaemon(true);
      starter.start();
    }
    long sleep = window.end() - System.nanoTime();
    if (sleep > 0) {
      TimeUnit.NANOSECONDS.sleep(sleep);
    }
    stopped.await(drain.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Issues requests for {@code worker} until the window ends; iterates while calls complete inline. */
  private void next(int worker) {
    while (System.nanoTime() < window.end()) {
      long start = System.nanoTime();
      CompletableFuture<?> call;
      try {
        call = operation.issue(worker, seq.getAndIncrement());
      } catch (RuntimeException e) {
        call = CompletableFuture.failedFuture(e);
      }
      if (!call.isDone()) {
        call.whenComplete((ok, failure) -> {
          record(start, failure);
          next(worker);
        });
        return;
      }
      record(start, call.handle((ok, failure) -> failure).join());
    }
    stopped.countDown();
  }

  private void record(long start, Throwable failure) {
    if (!window.measures(start)) {
      return;
    }
    if (failure == null) {
      outcomes.succeeded(System.nanoTime() - start);
    } else {
      outcomes.failed(failure);
    }
  }
}
