package io.meshkit.perf;

import java.util.Arrays;

/** Collects latencies (nanoseconds) and reports percentiles in milliseconds. Single-threaded. */
final class LatencyRecorder {
  private long[] samples = new long[1024];
  private int size;

  void record(long nanos) {
    if (size == samples.length) {
      samples = Arrays.copyOf(samples, size * 2);
    }
    samples[size++] = nanos;
  }

  int count() {
    return size;
  }

  /** The {@code p}-th percentile (0..100) in ms; NaN when empty. */
  double percentileMs(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(samples, size);
    Arrays.sort(sorted);
    int index = (int) Math.min(size - 1, Math.ceil(p / 100.0 * size) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }
}
