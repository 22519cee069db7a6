package io.meshkit.jepsen.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.jepsen.History;
import io.meshkit.jepsen.OpFunction;
import io.meshkit.jepsen.OpType;
import io.meshkit.jepsen.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSummaryTest {
  private static final Instant STARTED = Instant.parse("2026-11-23T12:00:00Z");

  private static CheckSection check(String name, Verdict verdict) {
    return new CheckSection(name, verdict, List.of(), "");
  }

  /** 100 OK writes with latencies 1..100 ms, then a failed read, an info read and an unfinished write. */
  private static History history() {
    TimedHistory h = new TimedHistory();
    for (int i = 1; i <= 100; i++) {
      h.invoke(i * 1000, 0, OpFunction.WRITE, (long) i).complete(i * 1000 + i, 0, OpType.OK);
    }
    return h.invoke(200_000, 1, OpFunction.READ, null).complete(200_001, 1, OpType.FAIL)
        .nemesis(200_002, OpFunction.FAULT, "kill n1")
        .invoke(200_003, 1, OpFunction.READ, null).complete(200_004, 1, OpType.INFO)
        .invoke(200_005, 2, OpFunction.WRITE, 7L)
        .nemesis(200_010, OpFunction.HEAL, "heal")
        .build();
  }

  @Test
  void countsOutcomesOverallAndPerFunction() {
    RunSummary summary = RunSummary.of(TimedHistory.metadata("r1", STARTED), history(), List.of());

    assertEquals(new OpCounts(103, 100, 1, 2), summary.operations());
    assertEquals(List.of("read", "write"), List.copyOf(summary.byFunction().keySet()));
    assertEquals(new OpCounts(101, 100, 0, 1), summary.byFunction().get("write"));
    assertEquals(new OpCounts(2, 0, 1, 1), summary.byFunction().get("read"));
    assertEquals(2, summary.nemesisEvents());
  }

  @Test
  void latencyPercentilesAreNearestRankOverOkOperations() {
    LatencyStats latency = RunSummary.of(TimedHistory.metadata("r1", STARTED), history(), List.of()).okLatency();

    assertEquals(new LatencyStats(100, 50, 95, 99, 100), latency);
    assertEquals(LatencyStats.EMPTY, LatencyStats.ofNanos(new long[0]));
    assertEquals(3.0, LatencyStats.ofNanos(new long[] {3_000_000}).p99Ms());
  }

  @Test
  void overallVerdictIsTheConjunctionOfTheChecks() {
    RunMetadata run = TimedHistory.metadata("r1", STARTED);
    History history = history();
    assertEquals(Verdict.VALID,
        RunSummary.of(run, history, List.of(check("a", Verdict.VALID), check("b", Verdict.VALID))).verdict());
    assertEquals(Verdict.UNKNOWN,
        RunSummary.of(run, history, List.of(check("a", Verdict.VALID), check("b", Verdict.UNKNOWN))).verdict());
    assertEquals(Verdict.INVALID, RunSummary.of(run, history,
        List.of(check("a", Verdict.UNKNOWN), check("b", Verdict.INVALID), check("c", Verdict.VALID))).verdict());
    assertEquals(Verdict.UNKNOWN, RunSummary.of(run, history, List.of()).verdict(), "no checks proves nothing");
  }

  @Test
  void jsonRoundTrips(@TempDir Path dir) throws Exception {
    RunSummary summary = RunSummary.of(TimedHistory.metadata("r1", STARTED), history(),
        List.of(new CheckSection("linearizability", Verdict.INVALID, List.of("read of 3 at 12"), "0 p1 invoke read")));
    Path file = dir.resolve("summary.json");
    SummaryJson.write(summary, file);

    assertEquals(summary, SummaryJson.read(file));
  }

  @Test
  void textStartsWithTheVerdictAndListsEachCheck() {
    RunSummary summary = RunSummary.of(TimedHistory.metadata("r1", STARTED), history(), List.of(
        new CheckSection("set", Verdict.VALID, List.of(), ""),
        new CheckSection("linearizability", Verdict.INVALID, List.of("stale read"), "3 p1 ok read 1\n4 p2 ok read 2")));
    List<String> lines = SummaryText.render(summary).lines().toList();

    assertTrue(lines.get(0).startsWith("INVALID  r1"), lines.get(0));
    assertTrue(lines.contains("103 ops: 100 ok, 1 fail, 2 info"), lines.toString());
    int section = lines.indexOf("== linearizability: INVALID");
    assertTrue(section > lines.indexOf("== set: VALID"));
    assertEquals(List.of("  - stale read", "  detail:", "    3 p1 ok read 1", "    4 p2 ok read 2"),
        lines.subList(section + 1, section + 5));
  }
}
