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

  /** The three paths under {@code wrk}'s load, one after the other: direct, relay, nginx. */
  public Comparison compare(Wrk wrk, String directUrl, String relayUrl, ProcessHandle relay, String nginxUrl,
      ProcessHandle nginx) throws IOException, InterruptedException {
    return new Comparison(run(wrk, "direct", directUrl, Optional.empty()), run(wrk, "relay", relayUrl,
        Optional.of(relay)), run(wrk, "nginx", nginxUrl, Optional.of(nginx)));
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
