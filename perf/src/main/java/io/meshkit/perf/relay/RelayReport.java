package io.meshkit.perf.relay;

import io.meshkit.perf.compare.TargetCheck;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The relay benchmark's results: a table of the three paths (direct to the backend, through the
 * relay, through nginx) under each load, and the issue's two targets — the relay's throughput at
 * least nginx's (under the saturating load), and the relay's added median latency over the direct
 * path under 100 µs (under the light load when there is one: with the machine saturated, the median
 * is mostly queueing).
 *
 * <p>On a shared machine one run's numbers drift by ±20 % (docs/perf.md), so the saturating load can
 * be compared in several rounds, each measuring the three paths one after the other: the throughput
 * target is judged on the round whose relay / nginx ratio is the median (the lower one of an even
 * count), a ratio of two runs a minute apart rather than of one lucky or unlucky run. A baseline relay
 * (another build) measured in the same rounds gives relay / baseline per round: how a change moved the
 * relay, with the machine's drift the same for both.
 *
 * @param saturated many connections, one comparison per round (at least one): throughput
 * @param light few connections (none queue behind another): the latency a hop adds
 */
public record RelayReport(List<Comparison> saturated, Optional<Comparison> light) {
  /** The issue's limit on the median latency the relay adds. */
  static final double ADDED_P50_LIMIT_MICROS = 100;

  public RelayReport {
    saturated = List.copyOf(saturated);
    if (saturated.isEmpty()) {
      throw new IllegalArgumentException("a report needs at least one round under the saturating load");
    }
  }

  /** One round under the saturating load. */
  public RelayReport(Comparison saturated, Optional<Comparison> light) {
    this(List.of(saturated), light);
  }

  /** The round whose relay / nginx ratio is the median (the lower middle one of an even count). */
  public Comparison medianRound() {
    List<Comparison> byRatio = saturated.stream()
        .sorted(java.util.Comparator.comparingDouble(Comparison::throughputRatio)).toList();
    return byRatio.get((byRatio.size() - 1) / 2);
  }

  /** Throughput, latency, errors and cost of each path under each load, as markdown. */
  public String table() {
    StringBuilder t = new StringBuilder("| path | connections | requests/s | p50 µs | p90 µs | p99 µs | errors "
        + "| proxy CPU µs/request | MeshKit members' CPU s | load avg after warm-up |\n"
        + "|---|---|---|---|---|---|---|---|---|---|\n");
    for (int round = 0; round < saturated.size(); round++) {
      String label = saturated.size() == 1 ? "" : " #" + (round + 1);
      saturated.get(round).runs().forEach(r -> row(t, r, label));
    }
    light.ifPresent(c -> c.runs().forEach(r -> row(t, r, "")));
    return t.toString();
  }

  private static void row(StringBuilder t, PathRun r, String label) {
    WrkResult w = r.wrk();
    t.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %.0f | %.0f | %.0f | %d | %s | %.1f | %.2f |%n",
        r.path() + label, r.connections(), w.requestsPerSecond(), w.p50Micros(), w.p90Micros(), w.p99Micros(),
        w.errors(), Double.isNaN(r.proxyCpuSeconds()) ? "—" : String.format(Locale.ROOT, "%.1f",
            r.proxyCpuMicrosPerRequest()), r.clusterCpuSeconds(), r.loadAverage()));
  }

  /** The two targets; runs with errors meet neither, since they did not measure what they should. */
  public List<TargetCheck> targets() {
    Comparison median = medianRound();
    Comparison latency = light.orElse(median);
    boolean clean = saturated.stream().allMatch(Comparison::clean) && latency.clean();
    String rounds = saturated.size() == 1 ? "" : "; the median of " + saturated.size() + " rounds: "
        + saturated.stream().map(c -> String.format(Locale.ROOT, "%.2f", c.throughputRatio()))
            .collect(java.util.stream.Collectors.joining(", "));
    return List.of(
        new TargetCheck("relay throughput ≥ nginx's", String.format(Locale.ROOT, "relay / nginx = %.2f (%,.0f vs "
            + "%,.0f requests/s, %d connections)", median.throughputRatio(), median.relay().wrk()
            .requestsPerSecond(), median.nginx().wrk().requestsPerSecond(), median.relay().connections()) + rounds,
            clean && median.throughputRatio() >= 1),
        new TargetCheck("relay's added p50 over direct < 100 µs", addedP50(latency)
            + light.map(l -> "; " + addedP50(median)).orElse(""),
            clean && latency.addedP50Micros(latency.relay()) < ADDED_P50_LIMIT_MICROS));
  }

  /**
   * With a baseline relay: relay / baseline throughput per round and its median, and both relays' CPU
   * per request (medians) — the two builds measured side by side in the same minutes, so the machine's
   * drift between runs (±20 %) cancels out of the ratio.
   */
  public Optional<String> baselineSummary() {
    if (saturated.stream().anyMatch(c -> c.baseline().isEmpty())) {
      return Optional.empty();
    }
    List<Double> ratios = saturated.stream().map(c -> c.baselineRatio().orElseThrow()).toList();
    return Optional.of(String.format(Locale.ROOT, "relay / baseline throughput: median %.2f (rounds: %s); CPU per "
        + "request, medians: relay %.1f µs, baseline %.1f µs", median(ratios), ratios.stream()
            .map(r -> String.format(Locale.ROOT, "%.2f", r)).collect(java.util.stream.Collectors.joining(", ")),
        median(saturated.stream().map(c -> c.relay().proxyCpuMicrosPerRequest()).toList()),
        median(saturated.stream().map(c -> c.baseline().orElseThrow().proxyCpuMicrosPerRequest()).toList())));
  }

  /** The median of {@code values} (the lower middle one of an even count, as for the rounds). */
  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get((sorted.size() - 1) / 2);
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
    md.append('\n').append(table()).append('\n').append(TargetCheck.table(targets()));
    baselineSummary().ifPresent(line -> md.append('\n').append(line).append('\n'));
    return md.toString();
  }
}
