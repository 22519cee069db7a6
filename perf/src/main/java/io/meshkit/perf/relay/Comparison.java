package io.meshkit.perf.relay;

import java.util.List;

/** The three paths measured under one load: the backend directly, through the relay, through nginx. */
public record Comparison(PathRun direct, PathRun relay, PathRun nginx) {
  public List<PathRun> runs() {
    return List.of(direct, relay, nginx);
  }

  /** Relay throughput / nginx throughput. */
  public double throughputRatio() {
    return relay.wrk().requestsPerSecond() / nginx.wrk().requestsPerSecond();
  }

  /** The median latency {@code run} adds over the direct path, in microseconds. */
  public double addedP50Micros(PathRun run) {
    return run.wrk().p50Micros() - direct.wrk().p50Micros();
  }

  /** Whether every run got only 2xx answers and no socket errors. */
  public boolean clean() {
    return runs().stream().allMatch(r -> r.wrk().errors() == 0);
  }
}
