package io.meshkit.perf.load;

import java.time.Duration;

/**
 * A run's timeline in {@link System#nanoTime()}: a warm-up whose operations are not recorded, then
 * the measurement window {@code [measureStart, end)}. An operation counts when it started (or, open
 * loop, was due to start) inside the window, wherever it completes.
 */
public record Window(long measureStart, long end) {
  public static Window startingNow(Duration warmup, Duration measure) {
    long start = System.nanoTime() + warmup.toNanos();
    return new Window(start, start + measure.toNanos());
  }

  public boolean measures(long startNanos) {
    return startNanos >= measureStart && startNanos < end;
  }

  public double seconds() {
    return (end - measureStart) / 1e9;
  }
}
