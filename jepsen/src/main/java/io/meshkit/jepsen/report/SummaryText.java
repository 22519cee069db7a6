package io.meshkit.jepsen.report;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link RunSummary} as {@code summary.txt}, the file a person reads first: line 1 is the
 * verdict and the run, then the counts, latency and run parameters, then each check with its verdict,
 * anomalies and detail (indented). Stateless.
 */
public final class SummaryText {

  private SummaryText() {}

  /** The text, ending with a newline. */
  public static String render(RunSummary summary) {
    RunMetadata run = summary.run();
    StringBuilder out = new StringBuilder();
    out.append(summary.verdict()).append("  ").append(run.name())
        .append("  (workload ").append(run.workload()).append(", nemesis ").append(run.nemesis()).append(")\n\n");
    out.append(summary.operations().describe()).append('\n');
    for (Map.Entry<String, OpCounts> entry : summary.byFunction().entrySet()) {
      out.append("  ").append(entry.getKey()).append(": ").append(entry.getValue().describe()).append('\n');
    }
    out.append("ok latency: ").append(summary.okLatency().describe()).append('\n');
    out.append("nemesis events: ").append(summary.nemesisEvents()).append('\n');
    out.append(String.format(Locale.ROOT, "seed %d, duration %s s, rate %s/s, started %s%n",
        run.seed(), number(run.durationSeconds()), number(run.rate()), run.started()));
    run.options().forEach((key, value) -> out.append("  ").append(key).append(" = ").append(value).append('\n'));
    for (CheckSection check : summary.checks()) {
      out.append("\n== ").append(check.name()).append(": ").append(check.verdict()).append('\n');
      for (String anomaly : check.anomalies()) {
        out.append("  - ").append(anomaly).append('\n');
      }
      if (!check.detail().isEmpty()) {
        out.append("  detail:\n");
        check.detail().lines().forEach(line -> out.append("    ").append(line).append('\n'));
      }
    }
    return out.toString();
  }

  /** A number in plain notation without trailing zeros, e.g. {@code 30} or {@code 2.5}. */
  static String number(double value) {
    return Double.isFinite(value)
        ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() : Double.toString(value);
  }
}
