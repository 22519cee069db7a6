package io.meshkit.perf.relay;

import io.meshkit.perf.cluster.ProcessStats;
import io.meshkit.perf.compare.Machine;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Measures one path the same way as every other: a warm-up run whose numbers are dropped (the relay's
 * JVM compiles its hot paths; nginx's and the backend's pools fill), then the measured run, with the
 * CPU the proxy and the MeshKit members spent during it.
 *
 * @param background the MeshKit members, running (idle) through every path's runs
 */
public record PathBench(Duration warmup, Duration measure, List<ProcessHandle> background) {
  public PathBench {
    background = List.copyOf(background);
  }

  /** A proxy under test: where wrk sends to, and its (main) process. */
  public record Proxy(String url, ProcessHandle process) {}

  /** The three paths under {@code wrk}'s load, one after the other: direct, relay, nginx. */
  public Comparison compare(Wrk wrk, String directUrl, Proxy relay, Proxy nginx)
      throws IOException, InterruptedException {
    return compare(wrk, directUrl, relay, Optional.empty(), false, nginx);
  }

  /**
   * The paths under {@code wrk}'s load, one after the other: direct, the relay and the baseline relay
   * (when there is one; the baseline first when {@code baselineFirst}, so that alternating rounds
   * cancel an order effect), nginx.
   */
  public Comparison compare(Wrk wrk, String directUrl, Proxy relay, Optional<Proxy> baseline, boolean baselineFirst,
      Proxy nginx) throws IOException, InterruptedException {
    PathRun direct = run(wrk, "direct", directUrl, Optional.empty());
    Optional<PathRun> base = Optional.empty();
    if (baseline.isPresent() && baselineFirst) {
      base = Optional.of(run(wrk, "baseline", baseline.get()));
    }
    PathRun ours = run(wrk, "relay", relay);
    if (baseline.isPresent() && !baselineFirst) {
      base = Optional.of(run(wrk, "baseline", baseline.get()));
    }
    return new Comparison(direct, ours, base, run(wrk, "nginx", nginx));
  }

  private PathRun run(Wrk wrk, String path, Proxy proxy) throws IOException, InterruptedException {
    return run(wrk, path, proxy.url(), Optional.of(proxy.process()));
  }

  /** Warms up and measures {@code url}; {@code proxy} is the proxy's (main) process, if there is one. */
  private PathRun run(Wrk wrk, String path, String url, Optional<ProcessHandle> proxy)
      throws IOException, InterruptedException {
    System.err.println("relay bench: " + path + " (" + url + "), " + wrk.connections() + " connection"
        + (wrk.connections() == 1 ? "" : "s") + ": " + warmup.toSeconds() + " s warm-up...");
    wrk.run(url, warmup);
    double load = Machine.loadAverage();
    double proxyBefore = proxy.map(ProcessStats::treeCpuSeconds).orElse(Double.NaN);
    double backgroundBefore = backgroundCpuSeconds();
    System.err.println("relay bench: " + path + ": " + measure.toSeconds() + " s measured (load average "
        + load + ")...");
    WrkResult result = wrk.run(url, measure);
    double proxySpent = proxy.map(ProcessStats::treeCpuSeconds).orElse(Double.NaN) - proxyBefore;
    PathRun run = new PathRun(path, wrk.connections(), result, proxySpent, backgroundCpuSeconds() - backgroundBefore,
        load);
    System.err.println("relay bench: " + path + ": " + result);
    return run;
  }

  private double backgroundCpuSeconds() {
    return background.stream().mapToDouble(ProcessStats::treeCpuSeconds).sum();
  }
}
