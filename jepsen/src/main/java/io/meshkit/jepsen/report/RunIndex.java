package io.meshkit.jepsen.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes the overview page of a runs directory ({@code runs/index.html}): one row per immediate
 * subdirectory holding a readable {@value RunReport#SUMMARY_JSON} (run link, workload, nemesis, verdict,
 * operation count, start date), newest start first (ties: directory name, descending). Subdirectories
 * without a summary, or with one that cannot be read, are left out. Stateless.
 */
public final class RunIndex {

  private record Row(String dir, RunSummary summary) {}

  private RunIndex() {}

  /** Writes {@code runsDir/index.html}, replacing it, and returns its path. */
  public static Path writeIndex(Path runsDir) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(runsDir)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        Path summary = dir.resolve(RunReport.SUMMARY_JSON);
        if (Files.isRegularFile(summary)) {
          try {
            rows.add(new Row(dir.getFileName().toString(), SummaryJson.read(summary)));
          } catch (IOException | RuntimeException unreadable) {
            // Left out, as documented: one broken run must not hide the others.
          }
        }
      }
    }
    rows.sort(Comparator.comparing((Row r) -> r.summary().run().started()).thenComparing(Row::dir).reversed());
    Path index = runsDir.resolve(RunReport.INDEX_HTML);
    Files.writeString(index, render(rows));
    return index;
  }

  private static String render(List<Row> rows) {
    StringBuilder body = new StringBuilder("<h1>Jepsen runs</h1>\n");
    if (rows.isEmpty()) {
      return Html.page("Jepsen runs", body.append("<p>No runs yet.</p>\n").toString());
    }
    body.append("<table>\n<tr><th>run</th><th>workload</th><th>nemesis</th><th>verdict</th><th>ops</th>"
        + "<th>started</th></tr>\n");
    for (Row row : rows) {
      RunMetadata run = row.summary().run();
      body.append("<tr><td>").append(Html.link(row.dir() + "/" + RunReport.INDEX_HTML, row.dir()))
          .append("</td><td>").append(Html.escape(run.workload()))
          .append("</td><td>").append(Html.escape(run.nemesis()))
          .append("</td><td>").append(Html.badge(row.summary().verdict()))
          .append("</td><td class=\"n\">").append(row.summary().operations().total())
          .append("</td><td>").append(run.started().truncatedTo(ChronoUnit.SECONDS))
          .append("</td></tr>\n");
    }
    return Html.page("Jepsen runs", body.append("</table>\n").toString());
  }
}
