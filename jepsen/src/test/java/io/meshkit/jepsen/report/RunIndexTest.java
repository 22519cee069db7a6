package io.meshkit.jepsen.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.jepsen.History;
import io.meshkit.jepsen.OpFunction;
import io.meshkit.jepsen.OpType;
import io.meshkit.jepsen.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunIndexTest {

  private static void run(Path runsDir, String name, String started, Verdict verdict) throws Exception {
    History history = new TimedHistory().invoke(0, 0, OpFunction.WRITE, 1L).complete(3, 0, OpType.OK).build();
    RunSummary summary = RunSummary.of(TimedHistory.metadata(name, Instant.parse(started)), history,
        List.of(new CheckSection("linearizability", verdict, List.of(), "")));
    Path dir = runsDir.resolve(name);
    Files.createDirectories(dir);
    SummaryJson.write(summary, dir.resolve(RunReport.SUMMARY_JSON));
  }

  @Test
  void listsRunsWithSummariesNewestFirst(@TempDir Path runsDir) throws Exception {
    run(runsDir, "run-old", "2026-01-01T10:00:00Z", Verdict.VALID);
    run(runsDir, "run-new", "2026-02-01T10:00:00Z", Verdict.INVALID);
    run(runsDir, "run-mid", "2026-01-15T10:00:00Z", Verdict.UNKNOWN);
    Files.createDirectories(runsDir.resolve("no-summary"));
    Files.createDirectories(runsDir.resolve("broken"));
    Files.writeString(runsDir.resolve("broken").resolve(RunReport.SUMMARY_JSON), "{not json");

    String html = Files.readString(RunIndex.writeIndex(runsDir));

    int newest = html.indexOf("<a href=\"run-new/index.html\">run-new</a>");
    int middle = html.indexOf("<a href=\"run-mid/index.html\">run-mid</a>");
    int oldest = html.indexOf("<a href=\"run-old/index.html\">run-old</a>");
    assertTrue(newest > 0 && newest < middle && middle < oldest, html);
    assertTrue(html.contains("<span class=\"badge invalid\">INVALID</span>"));
    assertTrue(html.contains("2026-02-01T10:00:00Z"));
    assertFalse(html.contains("no-summary"));
    assertFalse(html.contains("broken"));
  }

  @Test
  void anEmptyRunsDirectoryGetsAnEmptyIndex(@TempDir Path runsDir) throws Exception {
    assertTrue(Files.readString(RunIndex.writeIndex(runsDir)).contains("No runs yet."));
  }
}
