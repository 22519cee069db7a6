package io.meshkit.perf.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a comparison's report into a directory: {@code report.md} (machine, systems, ratio table,
 * targets, every run), {@code results.json} (every run, for scripts), and PNG charts. The ratio table
 * it also returns is what {@code bin/perf compare} prints.
 */
public final class CompareReport {
  private final String command;
  private final ComparePlan plan;
  private final List<String> systems;
  private final List<Pair> pairs;
  private final List<TargetCheck> targets;

  public CompareReport(String command, ComparePlan plan, List<String> systems, List<Pair> pairs,
      List<TargetCheck> targets) {
    this.command = command;
    this.plan = plan;
    this.systems = systems;
    this.pairs = pairs;
    this.targets = targets;
  }

  /** Writes the report files into {@code dir} and returns the path of {@code report.md}. */
  public Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<RunResult> all = pairs.stream().flatMap(p -> java.util.stream.Stream.of(p.meshkit(), p.etcd())).toList();
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("results.json").toFile(),
        Map.of("command", command, "systems", systems, "runs", all, "targets", targets));
    List<String> charts = ReportCharts.write(pairs, dir);
    StringBuilder md = new StringBuilder();
    md.append("# MeshKit vs etcd — ").append(Instant.now()).append("\n\n")
        .append("Command: `").append(command).append("`\n\n")
        .append("Machine: ").append(Machine.describe()).append("\n\n")
        .append("Systems (three members each, on loopback, started by the suite; the load generator shares the machine):\n");
    systems.forEach(s -> md.append("- ").append(s).append('\n'));
    md.append("\nEach run: ").append(plan.warmup().toSeconds()).append(" s warm-up, ")
        .append(plan.measure().toSeconds()).append(" s measured; MeshKit and etcd alternate which goes first. ")
        .append("Values 256 B; puts over 100,000 keys; reads over 1,000 preloaded keys. One client connection per ")
        .append("member, requests spread over them.\n\n");
    md.append("## MeshKit / etcd\n\n").append(ratioTable()).append('\n');
    if (!targets.isEmpty()) {
      md.append("## Targets\n\n").append(TargetCheck.table(targets)).append('\n');
    }
    md.append("## Every run\n\n").append(runTable(all)).append('\n');
    charts.forEach(c -> md.append("![").append(c).append("](").append(c).append(")\n\n"));
    Path report = dir.resolve("report.md");
    Files.writeString(report, md);
    return report;
  }

  /** Throughput and p99 of both systems per run, with MeshKit/etcd ratios. */
  public String ratioTable() {
    StringBuilder t = new StringBuilder(
        "| run | MeshKit ops/s | etcd ops/s | ratio | MeshKit p99 ms | etcd p99 ms | MeshKit CPU ms/op | etcd CPU ms/op |\n"
            + "|---|---|---|---|---|---|---|---|\n");
    for (Pair p : pairs) {
      t.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %.2f | %.2f | %.3f | %.3f |%n", p.spec().label(),
          p.meshkit().opsPerSecond(), p.etcd().opsPerSecond(), p.throughputRatio(), p.meshkit().latency().p99(),
          p.etcd().latency().p99(), cpuPerOp(p.meshkit()), cpuPerOp(p.etcd())));
    }
    return t.toString();
  }

  /** Server CPU milliseconds (all members) per operation. */
  private static double cpuPerOp(RunResult r) {
    return r.ops() == 0 ? Double.NaN : 1000 * r.totalMemberCpuSeconds() / r.ops();
  }

  private static String runTable(List<RunResult> runs) {
    StringBuilder t = new StringBuilder("| run | system | ops/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | errors "
        + "| member CPU s | peak RSS MiB | generator CPU s | extras |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (RunResult r : runs) {
      t.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %s | %s | %.1f | %s |%n",
          r.run(), r.system(), r.opsPerSecond(), r.latency().p50(), r.latency().p90(), r.latency().p99(),
          r.latency().p999(), r.latency().max(), errors(r.errors()), joined(r.memberCpuSeconds(), "%.1f"),
          joined(r.memberPeakRssMib(), "%.0f"), r.generatorCpuSeconds(), extras(r)));
    }
    return t.toString();
  }

  private static String errors(Map<String, Long> errors) {
    return errors.isEmpty() ? "0" : errors.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String joined(List<Double> values, String format) {
    return values.stream().map(v -> String.format(Locale.ROOT, format, v)).collect(Collectors.joining(" / "));
  }

  private static String extras(RunResult r) {
    String extras = r.extras().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%.0f", e.getValue())).collect(Collectors.joining(", "));
    if (r.extraLatency() != null) {
      extras += String.format(Locale.ROOT, "; delivery p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms",
          r.extraLatency().p50(), r.extraLatency().p99(), r.extraLatency().p999());
    }
    return extras.isEmpty() ? "" : extras;
  }
}
