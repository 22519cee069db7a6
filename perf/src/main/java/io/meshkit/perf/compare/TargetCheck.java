package io.meshkit.perf.compare;

import java.util.List;

/** One of the performance targets, what was measured against it, and whether it was met. */
public record TargetCheck(String target, String measured, boolean met) {
  /** A markdown table of {@code targets}: target, measured, met (a miss in bold). */
  public static String table(List<TargetCheck> targets) {
    StringBuilder t = new StringBuilder("| target | measured | met |\n|---|---|---|\n");
    targets.forEach(c -> t.append("| ").append(c.target()).append(" | ").append(c.measured()).append(" | ")
        .append(c.met() ? "yes" : "**no**").append(" |\n"));
    return t.toString();
  }
}
