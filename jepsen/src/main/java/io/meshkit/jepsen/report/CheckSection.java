package io.meshkit.jepsen.report;

import io.meshkit.jepsen.Verdict;
import java.util.List;
import java.util.Objects;

/**
 * One checker's outcome as shown in a report.
 *
 * @param name the check, e.g. {@code "linearizability"}
 * @param verdict its verdict
 * @param anomalies short one-line descriptions of what went wrong; empty when nothing did (never null)
 * @param detail free text, e.g. a minimal history excerpt showing an anomaly; empty if none (never null)
 */
public record CheckSection(String name, Verdict verdict, List<String> anomalies, String detail) {

  public CheckSection {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(verdict, "verdict");
    anomalies = anomalies == null ? List.of() : List.copyOf(anomalies);
    detail = detail == null ? "" : detail;
  }
}
