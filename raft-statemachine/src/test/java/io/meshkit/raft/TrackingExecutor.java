package io.meshkit.raft;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed pool that counts tasks not yet finished, so a test can wait until every delivery task the
 * hub scheduled has run (quiescence) instead of sleeping for a while.
 */
final class TrackingExecutor implements Executor, AutoCloseable {
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final AtomicInteger pending = new AtomicInteger();

  @Override
  public void execute(Runnable task) {
    pending.incrementAndGet();
    pool.execute(() -> {
      try {
        task.run();
      } finally {
        pending.decrementAndGet();
      }
    });
  }

  /** Waits until no task is queued or running (up to a generous 60 s). */
  void awaitIdle() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (pending.get() != 0) {
      if (System.nanoTime() > deadline) {
        fail("delivery tasks still pending: " + pending.get());
      }
      Thread.sleep(2);
    }
  }

  @Override
  public void close() throws InterruptedException {
    pool.shutdown();
    assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS), "delivery pool did not stop");
  }
}
