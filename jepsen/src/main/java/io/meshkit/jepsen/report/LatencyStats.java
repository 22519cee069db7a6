package io.meshkit.jepsen.report;

import java.util.Arrays;
import java.util.Locale;

/**
 * Latency distribution in milliseconds. Percentiles use the nearest-rank method: the p-th percentile of
 * n sorted samples is sample number {@code ceil(p / 100 * n)} (1-based). All values are 0 when
 * {@code count} is 0.
 *
 * @param count number of samples
 * @param p50Ms median
 * @param p95Ms 95th percentile
 * @param p99Ms 99th percentile
 * @param maxMs largest sample
 */
public record LatencyStats(long count, double p50Ms, double p95Ms, double p99Ms, double maxMs) {

  /** Statistics of no samples. */
  public static final LatencyStats EMPTY = new LatencyStats(0, 0, 0, 0, 0);

  /** Statistics of the given latencies in nanoseconds (the array is not modified). */
  public static LatencyStats ofNanos(long[] latencies) {
    if (latencies.length == 0) {
      return EMPTY;
    }
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    return new LatencyStats(sorted.length, percentileMs(sorted, 50), percentileMs(sorted, 95),
        percentileMs(sorted, 99), sorted[sorted.length - 1] / 1e6);
  }

  /** One line, e.g. {@code "n=80 p50 1.20 ms, p95 3.40 ms, p99 9.00 ms, max 12.00 ms"}. */
  public String describe() {
    if (count == 0) {
      return "n=0";
    }
    return String.format(Locale.ROOT, "n=%d p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms",
        count, p50Ms, p95Ms, p99Ms, maxMs);
  }

  private static double percentileMs(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1] / 1e6;
  }
}
