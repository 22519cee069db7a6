package io.meshkit.raft;

import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Event;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A listener shared by many watches that lets one thread wait, without spinning, until a given
 * number of deliveries has arrived. A delivery is one {@code onEvents} call (one revision for one
 * watch).
 *
 * <p>Threading: {@link #expect} and {@link #await} belong to one waiting thread; {@code onEvents}
 * may run on any number of delivery threads.
 */
final class DeliveryCounter implements WatchListener {
  private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
  private final AtomicInteger outstanding = new AtomicInteger();
  private volatile Thread waiter;
  private volatile String canceled;

  /** Arms the counter for {@code deliveries} more deliveries; call before they can start. */
  void expect(int deliveries) {
    waiter = Thread.currentThread();
    outstanding.set(deliveries);
  }

  /** Parks until every expected delivery arrived; fails after {@link #TIMEOUT_NANOS} or a cancel. */
  void await() {
    long deadline = System.nanoTime() + TIMEOUT_NANOS;
    while (outstanding.get() > 0) {
      if (canceled != null) {
        throw new IllegalStateException("a watch was canceled: " + canceled);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException(outstanding.get() + " deliveries still missing after 10 s");
      }
      LockSupport.parkNanos(this, left);
    }
  }

  @Override
  public void onEvents(long revision, List<Event> events) {
    if (outstanding.decrementAndGet() == 0) {
      LockSupport.unpark(waiter);
    }
  }

  @Override
  public void onProgress(long revision) {}

  @Override
  public void onCanceled(ErrorCode code, String reason, long compactRevision) {
    if (code != ErrorCode.UNAVAILABLE) {  // UNAVAILABLE: the hub closed at tear-down
      canceled = code + ": " + reason;
      LockSupport.unpark(waiter);
    }
  }
}
