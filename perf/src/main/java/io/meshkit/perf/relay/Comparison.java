package io.meshkit.perf.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The paths measured under one load: the backend directly, through the relay, through nginx, and,
 * when a baseline relay (another build, {@code --baseline-jar}) runs too, through it.
 */
public record Comparison(PathRun direct, PathRun relay, Optional<PathRun> baseline, PathRun nginx) {
  public Comparison(PathRun direct, PathRun relay, PathRun nginx) {
    this(direct, relay, Optional.empty(), nginx);
  }

  public List<PathRun> runs() {
    List<PathRun> runs = new ArrayList<>(List.of(direct, relay));
    baseline.ifPresent(runs::add);
    runs.add(nginx);
    return runs;
  }

  /** Relay throughput / nginx throughput. */
  public double throughputRatio() {
    return relay.wrk().requestsPerSecond() / nginx.wrk().requestsPerSecond();
  }

  /** Relay throughput / the baseline relay's, when there is one. */
  public Optional<Double> baselineRatio() {
    return baseline.map(b -> relay.wrk().requestsPerSecond() / b.wrk().requestsPerSecond());
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
