package io.meshkit.perf.relay;

/**
 * One path's measured run: what wrk saw, and what it cost.
 *
 * @param path {@code direct}, {@code relay} or {@code nginx}
 * @param connections wrk's connections, each with one request in flight
 * @param proxyCpuSeconds CPU seconds the proxy (all its processes) spent in the measured run; NaN for
 *     the direct path
 * @param clusterCpuSeconds CPU seconds the MeshKit members spent meanwhile (background for every path)
 * @param loadAverage the machine's 1-minute load average just before the measured run (after the
 *     warm-up, so it counts this benchmark's own processes too)
 */
public record PathRun(String path, int connections, WrkResult wrk, double proxyCpuSeconds, double clusterCpuSeconds,
    double loadAverage) {
  /** Proxy CPU microseconds per request; NaN without a proxy or requests. */
  public double proxyCpuMicrosPerRequest() {
    return wrk.requests() == 0 ? Double.NaN : proxyCpuSeconds * 1e6 / wrk.requests();
  }
}
