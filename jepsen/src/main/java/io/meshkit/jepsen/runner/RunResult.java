package io.meshkit.jepsen.runner;

import io.meshkit.jepsen.Verdict;
import io.meshkit.jepsen.report.CheckSection;
import java.nio.file.Path;
import java.util.List;

/**
 * What a run found.
 *
 * @param runDir where its history and report are
 * @param verdict all checkers' verdicts combined
 * @param sections each checker's outcome
 * @param operations client operations in the history
 */
public record RunResult(String runName, Path runDir, Verdict verdict, List<CheckSection> sections, int operations) {

  /** Multi-line text for logs and assertion messages: verdict, anomalies, where the report is. */
  public String describe() {
    StringBuilder out = new StringBuilder(runName + ": " + verdict + " (" + operations + " operations; report "
        + runDir.resolve("index.html") + ")\n");
    for (CheckSection section : sections) {
      out.append("  ").append(section.name()).append(": ").append(section.verdict()).append('\n');
      section.anomalies().stream().limit(10).forEach(a -> out.append("    ").append(a).append('\n'));
    }
    return out.toString();
  }
}
