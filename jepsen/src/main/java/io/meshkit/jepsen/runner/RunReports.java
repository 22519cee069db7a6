package io.meshkit.jepsen.runner;

import io.meshkit.jepsen.History;
import io.meshkit.jepsen.report.RunIndex;
import io.meshkit.jepsen.report.RunMetadata;
import io.meshkit.jepsen.report.RunReport;
import io.meshkit.jepsen.report.RunSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** Writes a run's report (summary, latency plot, page) and refreshes the index of all runs. */
final class RunReports {
  private RunReports() {}

  /** @param nemesis the faults that ran, as the report names them ({@code options.nemesis()} and any the workload added) */
  static void write(RunResult result, RunOptions options, String nemesis, History history, Instant started,
      String database) throws IOException {
    RunMetadata metadata = new RunMetadata(result.runName(), options.workload(), nemesis, options.seed(),
        options.duration().toMillis() / 1000.0, options.rate(), Map.of(
            "database", database,
            "concurrency", Integer.toString(options.concurrency()),
            "fault every (s)", options.nemesisQuiet().toSeconds() + "-" + 2 * options.nemesisQuiet().toSeconds(),
            "fault hold (s)", options.nemesisHold().toSeconds() + "-" + 2 * options.nemesisHold().toSeconds(),
            "reads", options.serializableReads() ? "serializable (negative control)" : "linearizable"),
        started);
    RunReport.write(result.runDir(), RunSummary.of(metadata, history, result.sections()), history);
    Path runsDir = result.runDir().getParent();
    if (runsDir != null) {
      RunIndex.writeIndex(runsDir);
    }
  }
}
