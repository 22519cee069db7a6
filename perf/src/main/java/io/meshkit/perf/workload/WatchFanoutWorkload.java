package io.meshkit.perf.workload;

import io.meshkit.perf.load.Operation;
import io.meshkit.perf.load.Window;
import io.meshkit.perf.systems.KvTarget;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Watch fan-out: N watchers on one prefix, spread over the members, while the generator puts keys
 * under it. Each value carries the {@link System#nanoTime()} at which its put was sent; delivery
 * latency is the time from that send to the event's arrival at each watcher — the put's commit time
 * plus the fan-out, an upper bound on commit-to-watcher latency that is the same for every system.
 */
final class WatchFanoutWorkload implements Workload {
  static final String PREFIX = "perf/watch/";
  private static final long SENTINEL = 0;
  private static final long READY_TIMEOUT_SECONDS = 30;
  private static final long DRAIN_TIMEOUT_SECONDS = 10;

  private final KvTarget target;
  private final int watchers;
  private final List<AutoCloseable> watches = new ArrayList<>();
  private final Histogram delivery = new ConcurrentHistogram(60_000_000L, 3);
  private final LongAdder delivered = new LongAdder();
  private final LongAdder acknowledged = new LongAdder();
  private final LongAdder sentinelsSeen = new LongAdder();
  private volatile Window window;

  WatchFanoutWorkload(KvTarget target, int watchers) {
    this.target = target;
    this.watchers = watchers;
  }

  /** Opens the watchers and waits until each has seen a sentinel put: every watch is live. */
  @Override
  public void prepare() throws Exception {
    for (int w = 0; w < watchers; w++) {
      watches.add(target.watchPrefix(w, PREFIX, this::arrived));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
    while (sentinelsSeen.sum() < watchers) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + sentinelsSeen.sum() + " of " + watchers
            + " watchers saw a put within " + READY_TIMEOUT_SECONDS + " s");
      }
      target.put(0, PREFIX + "sentinel", stamped(SENTINEL)).get(30, TimeUnit.SECONDS);
      TimeUnit.MILLISECONDS.sleep(500);
    }
  }

  private void arrived(byte[] value) {
    long sent = ByteBuffer.wrap(value).getLong();
    Window w = window;
    if (sent == SENTINEL) {
      if (w == null) {
        sentinelsSeen.increment();
      }
      return;
    }
    if (w != null && w.measures(sent)) {
      delivery.recordValue(Math.min(60_000_000L, Math.max(0, (System.nanoTime() - sent) / 1000)));
      delivered.increment();
    }
  }

  /** A value of the usual size whose first 8 bytes are {@code sentNanos}. */
  private static byte[] stamped(long sentNanos) {
    byte[] v = new byte[Keyspace.VALUE_BYTES];
    ByteBuffer.wrap(v).putLong(sentNanos);
    return v;
  }

  @Override
  public void measuring(Window window) {
    this.window = window;
  }

  @Override
  public Operation operation() {
    return (worker, seq) -> {
      long sent = System.nanoTime();
      return target.put(worker, PREFIX + (seq % 1000), stamped(sent)).thenRun(() -> {
        if (window.measures(sent)) {
          acknowledged.increment();
        }
      });
    };
  }

  /** Waits (bounded) until every acknowledged put in the window reached every watcher, then reports. */
  @Override
  public Map<String, Double> extras(Window window) {
    long expected = acknowledged.sum() * watchers;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_TIMEOUT_SECONDS);
    while (delivered.sum() < expected && System.nanoTime() < deadline) {
      try {
        TimeUnit.MILLISECONDS.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return Map.of("watchers", (double) watchers, "events_per_s", delivered.sum() / window.seconds(),
        "events_missing", (double) Math.max(0, expected - delivered.sum()));
  }

  @Override
  public Histogram extraLatency() {
    return delivery.copy();
  }

  @Override
  public void close() {
    for (AutoCloseable w : watches) {
      try {
        w.close();
      } catch (Exception ignored) {
        // the cluster is going away with the run anyway
      }
    }
  }
}
