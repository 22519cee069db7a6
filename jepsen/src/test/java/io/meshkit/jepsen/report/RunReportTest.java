package io.meshkit.jepsen.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshkit.jepsen.CasValue;
import io.meshkit.jepsen.History;
import io.meshkit.jepsen.HistoryJson;
import io.meshkit.jepsen.HistoryRecorder;
import io.meshkit.jepsen.Op;
import io.meshkit.jepsen.OpFunction;
import io.meshkit.jepsen.Verdict;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {
  private static final String DETAIL = "12 p3 ok read x <nil>\n13 p1 ok read x 2 & more";

  /**
   * Recorded live: ok write, ok read, failed cas, FAULT, info write, a read that never completes, HEAL,
   * ok read - 6 operations: 3 ok, 1 fail, 2 info.
   */
  private static History recorded() throws InterruptedException {
    HistoryRecorder recorder = new HistoryRecorder();
    Op op = recorder.invoke(0, OpFunction.WRITE, "x", 1L);
    Thread.sleep(3);
    recorder.ok(op, 1L);
    op = recorder.invoke(1, OpFunction.READ, "x", null);
    Thread.sleep(2);
    recorder.ok(op, 1L);
    op = recorder.invoke(2, OpFunction.CAS, "x", new CasValue(5L, 6L));
    recorder.fail(op);
    recorder.nemesis(OpFunction.FAULT, "partition n1 | n2 n3");
    op = recorder.invoke(3, OpFunction.WRITE, "x", 3L);
    Thread.sleep(10);
    recorder.info(op);
    recorder.invoke(4, OpFunction.READ, "x", null);
    Thread.sleep(5);
    recorder.nemesis(OpFunction.HEAL, "heal");
    op = recorder.invoke(0, OpFunction.READ, "x", null);
    Thread.sleep(2);
    recorder.ok(op, 1L);
    return recorder.history();
  }

  private static Path report(Path dir, List<CheckSection> checks) throws Exception {
    History history = recorded();
    Path runDir = dir.resolve("run-1");
    HistoryJson.write(history, runDir.resolve(RunReport.HISTORY_JSONL));
    Files.writeString(runDir.resolve("n1.log"), "server log\n");
    RunSummary summary = RunSummary.of(TimedHistory.metadata("run-1", Instant.now()), history, checks);
    RunReport.write(runDir, summary, history);
    return runDir;
  }

  @Test
  void writesSummariesPlotAndPage(@TempDir Path dir) throws Exception {
    Path runDir = report(dir, List.of(new CheckSection("linearizability", Verdict.VALID, List.of(), DETAIL)));

    for (String name : List.of(RunReport.SUMMARY_JSON, RunReport.SUMMARY_TXT, RunReport.LATENCY_PNG,
        RunReport.INDEX_HTML)) {
      assertTrue(Files.size(runDir.resolve(name)) > 0, name);
    }
    BufferedImage png = ImageIO.read(runDir.resolve(RunReport.LATENCY_PNG).toFile());
    assertEquals(LatencyPlot.WIDTH, png.getWidth());
    assertEquals(LatencyPlot.HEIGHT, png.getHeight());

    JsonNode json = new ObjectMapper().readTree(runDir.resolve(RunReport.SUMMARY_JSON).toFile());
    assertEquals("VALID", json.path("verdict").asText());
    JsonNode ops = json.path("operations");
    assertEquals(List.of(6L, 3L, 1L, 2L), List.of(ops.path("total").asLong(), ops.path("ok").asLong(),
        ops.path("fail").asLong(), ops.path("info").asLong()));
    assertEquals(3, json.path("byFunction").path("read").path("total").asLong());
    assertEquals(1, json.path("byFunction").path("cas").path("fail").asLong());
    assertEquals(3, json.path("okLatency").path("count").asLong());
    assertTrue(json.path("okLatency").path("maxMs").asDouble() >= 2.0);
    assertEquals(2, json.path("nemesisEvents").asInt());

    assertTrue(Files.readAllLines(runDir.resolve(RunReport.SUMMARY_TXT)).get(0).startsWith("VALID"));
  }

  @Test
  void pageShowsVerdictEscapedDetailTimelineAndFiles(@TempDir Path dir) throws Exception {
    Path runDir = report(dir, List.of(new CheckSection("linearizability", Verdict.VALID, List.of(), DETAIL)));
    String html = Files.readString(runDir.resolve(RunReport.INDEX_HTML));

    assertTrue(html.contains("<div class=\"banner valid\"><b>VALID</b>"), "verdict banner");
    assertTrue(html.contains("<pre>12 p3 ok read x &lt;nil&gt;\n13 p1 ok read x 2 &amp; more</pre>"), "escaped detail");
    assertFalse(html.contains("<nil>"));
    assertTrue(html.matches("(?s).*<td class=\"n\">0\\.\\d{3}</td><td>fault</td><td>partition n1 \\| n2 n3</td>.*"
        + "<td>heal</td><td>heal</td>.*"), "nemesis timeline");
    assertTrue(html.contains("<img src=\"latency.png\""));
    for (String file : List.of("history.jsonl", "n1.log", "summary.json", "summary.txt", "latency.png")) {
      assertTrue(html.contains("<a href=\"" + file + "\">" + file + "</a>"), file);
    }
    assertFalse(html.contains("<a href=\"index.html\">"), "no link to itself");
  }

  @Test
  void anInvalidSectionMakesTheRunInvalid(@TempDir Path dir) throws Exception {
    Path runDir = report(dir, List.of(
        new CheckSection("set", Verdict.VALID, List.of(), ""),
        new CheckSection("linearizability", Verdict.INVALID, List.of("no linearization of key x"), DETAIL)));

    assertEquals(Verdict.INVALID, SummaryJson.read(runDir.resolve(RunReport.SUMMARY_JSON)).verdict());
    assertTrue(Files.readAllLines(runDir.resolve(RunReport.SUMMARY_TXT)).get(0).startsWith("INVALID"));
    String html = Files.readString(runDir.resolve(RunReport.INDEX_HTML));
    assertTrue(html.contains("<div class=\"banner invalid\"><b>INVALID</b>"));
    assertTrue(html.contains("<li>no linearization of key x</li>"));
  }
}
