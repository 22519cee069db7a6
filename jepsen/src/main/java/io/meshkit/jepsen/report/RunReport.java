package io.meshkit.jepsen.report;

import io.meshkit.jepsen.History;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a run's report into its run directory: {@value #SUMMARY_JSON} ({@link SummaryJson}),
 * {@value #SUMMARY_TXT} ({@link SummaryText}), {@value #LATENCY_PNG} ({@link LatencyPlot}) and, last,
 * {@value #INDEX_HTML}, which links every file then present in the directory (e.g. {@value #HISTORY_JSONL}
 * and server logs, which the runner writes). Existing report files are replaced. Stateless.
 */
public final class RunReport {
  public static final String SUMMARY_JSON = "summary.json";
  public static final String SUMMARY_TXT = "summary.txt";
  public static final String LATENCY_PNG = "latency.png";
  public static final String INDEX_HTML = "index.html";
  /** Where runners conventionally write the history ({@link io.meshkit.jepsen.HistoryJson}); not written here. */
  public static final String HISTORY_JSONL = "history.jsonl";

  private RunReport() {}

  /** Writes the report files into {@code runDir}, creating it if needed. */
  public static void write(Path runDir, RunSummary summary, History history) throws IOException {
    Files.createDirectories(runDir);
    SummaryJson.write(summary, runDir.resolve(SUMMARY_JSON));
    Files.writeString(runDir.resolve(SUMMARY_TXT), SummaryText.render(summary));
    RunMetadata run = summary.run();
    LatencyPlot.write(history, run.name() + ": " + run.workload() + " / " + run.nemesis(),
        runDir.resolve(LATENCY_PNG));
    Files.writeString(runDir.resolve(INDEX_HTML), RunPage.render(summary, Timeline.of(history), files(runDir)));
  }

  /** The regular files under {@code runDir} except the page itself, as sorted '/'-separated relative paths. */
  private static List<String> files(Path runDir) throws IOException {
    try (Stream<Path> paths = Files.walk(runDir)) {
      return paths.filter(Files::isRegularFile)
          .map(p -> runDir.relativize(p).toString().replace(runDir.getFileSystem().getSeparator(), "/"))
          .filter(p -> !p.equals(INDEX_HTML))
          .sorted()
          .toList();
    }
  }
}
