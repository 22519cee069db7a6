package io.meshkit.perf.compare;

import java.util.List;
import java.util.Map;

/**
 * What one system did in one run: operations per second, latency percentiles in milliseconds
 * (HdrHistogram, 3 significant digits), failures by code, each member's CPU seconds and peak RSS over
 * the run, the load generator's own CPU seconds, workload extras, and the latency curve for charts.
 *
 * @param extraLatency percentiles of the workload's own latency (watch delivery), or null
 * @param curve (percentile, ms) points of the latency distribution
 */
public record RunResult(String system, String run, String workload, String load, int concurrency, double rate,
    long ops, double seconds, double opsPerSecond, Percentiles latency, Map<String, Long> errors,
    List<Double> memberCpuSeconds, List<Double> memberPeakRssMib, double generatorCpuSeconds,
    Map<String, Double> extras, Percentiles extraLatency, List<double[]> curve) {

  public long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  public double totalMemberCpuSeconds() {
    return memberCpuSeconds.stream().mapToDouble(Double::doubleValue).sum();
  }

  /** Latency percentiles in milliseconds. */
  public record Percentiles(double p50, double p90, double p99, double p999, double max) {
    public static Percentiles of(org.HdrHistogram.Histogram micros) {
      if (micros.getTotalCount() == 0) {
        return new Percentiles(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
      }
      return new Percentiles(ms(micros, 50), ms(micros, 90), ms(micros, 99), ms(micros, 99.9),
          micros.getMaxValue() / 1000.0);
    }

    private static double ms(org.HdrHistogram.Histogram micros, double percentile) {
      return micros.getValueAtPercentile(percentile) / 1000.0;
    }
  }
}
