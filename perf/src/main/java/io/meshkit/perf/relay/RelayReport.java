package io.meshkit.perf.relay;

import io.meshkit.perf.compare.TargetCheck;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The relay benchmark's results: a table of the three paths (direct to the backend, through the
 * relay, through nginx) under each load, and the two targets — the relay's throughput at
 * least nginx's (under the saturating load), and the relay's added median latency over the direct
 * path under 100 µs (under the light load when there is one: with the machine saturated, the median
 * is mostly queueing).
 *
 * @param saturated many connections: throughput
 * @param light few connections (none queue behind another): the latency a hop adds
 */
public record RelayReport(Comparison saturated, Optional<Comparison> light) {
  /** The limit on the median latency the relay adds. */
  static final double ADDED_P50_LIMIT_MICROS = 100;

  /** Throughput, latency, errors and cost of each path under each load, as markdown. */
  public String table() {
    StringBuilder t = new StringBuilder("| path | connections | requests/s | p50 µs | p90 µs | p99 µs | errors "
        + "| proxy CPU µs/request | MeshKit members' CPU s | load avg after warm-up |\n"
        + "|---|---|---|---|---|---|---|---|---|---|\n");
    Stream.concat(saturated.runs().stream(), light.stream().flatMap(c -> c.runs().stream())).forEach(r -> {
      WrkResult w = r.wrk();
      t.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %.0f | %.0f | %.0f | %d | %s | %.1f | %.2f |%n",
          r.path(), r.connections(), w.requestsPerSecond(), w.p50Micros(), w.p90Micros(), w.p99Micros(), w.errors(),
          Double.isNaN(r.proxyCpuSeconds()) ? "—" : String.format(Locale.ROOT, "%.1f", r.proxyCpuMicrosPerRequest()),
          r.clusterCpuSeconds(), r.loadAverage()));
    });
    return t.toString();
  }

  /** The two targets; runs with errors meet neither, since they did not measure what they should. */
  public List<TargetCheck> targets() {
    Comparison latency = light.orElse(saturated);
    boolean clean = saturated.clean() && latency.clean();
    return List.of(
        new TargetCheck("relay throughput ≥ nginx's", String.format(Locale.ROOT, "relay / nginx = %.2f (%,.0f vs "
            + "%,.0f requests/s, %d connections)", saturated.throughputRatio(), saturated.relay().wrk()
            .requestsPerSecond(), saturated.nginx().wrk().requestsPerSecond(), saturated.relay().connections()),
            clean && saturated.throughputRatio() >= 1),
        new TargetCheck("relay's added p50 over direct < 100 µs", addedP50(latency)
            + light.map(l -> "; " + addedP50(saturated)).orElse(""),
            clean && latency.addedP50Micros(latency.relay()) < ADDED_P50_LIMIT_MICROS));
  }

  private static String addedP50(Comparison c) {
    int connections = c.relay().connections();
    return String.format(Locale.ROOT, "relay %+.0f µs (nginx %+.0f µs) with %d connection%s",
        c.addedP50Micros(c.relay()), c.addedP50Micros(c.nginx()), connections, connections == 1 ? "" : "s");
  }

  /** The whole report: a title, the setup lines, the table and the targets. */
  public String markdown(String title, List<String> setup) {
    StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
    setup.forEach(line -> md.append("- ").append(line).append('\n'));
    return md.append('\n').append(table()).append('\n').append(TargetCheck.table(targets())).toString();
  }
}
