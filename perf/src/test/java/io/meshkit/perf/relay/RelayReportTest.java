package io.meshkit.perf.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.perf.compare.TargetCheck;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RelayReportTest {
  private static PathRun run(String path, int connections, double rate, double p50, long errors) {
    return new PathRun(path, connections, new WrkResult(rate, (long) rate * 10, p50, p50, p50 * 2, p50 * 4, errors, 0),
        5, 1, 0.5);
  }

  private static Comparison saturated(double relayRate, double relayP50, long relayErrors) {
    return new Comparison(run("direct", 64, 30_000, 2000, 0), run("relay", 64, relayRate, relayP50, relayErrors),
        run("nginx", 64, 20_000, 2500, 0));
  }

  private static Comparison light(double relayP50) {
    return new Comparison(run("direct", 1, 8_000, 100, 0), run("relay", 1, 4_000, relayP50, 0),
        run("nginx", 1, 5_000, 150, 0));
  }

  private static List<Boolean> met(RelayReport report) {
    return report.targets().stream().map(TargetCheck::met).toList();
  }

  @Test
  void targetsAreMetOnlyAtTheirThresholds() {
    // 1.0 × nginx's throughput; +99 µs under the light load (the saturated median does not count).
    assertEquals(List.of(true, true), met(new RelayReport(saturated(20_000, 9000, 0), Optional.of(light(199)))));
    // 0.99 × and exactly +100 µs: neither.
    assertEquals(List.of(false, false), met(new RelayReport(saturated(19_800, 2050, 0), Optional.of(light(200)))));
    // Without a light load the added median is taken under the saturating one.
    assertEquals(List.of(true, true), met(new RelayReport(saturated(20_000, 2099, 0), Optional.empty())));
  }

  @Test
  void roundsAreJudgedByTheirMedianRatio() {
    // Ratios 0.9, 1.2, 1.0 (nginx 20,000/s each): the median round, 1.0, meets the target; 0.9, 1.2, 0.95 does not.
    RelayReport met = new RelayReport(List.of(saturated(18_000, 2050, 0), saturated(24_000, 2050, 0),
        saturated(20_000, 2050, 0)), Optional.of(light(150)));
    assertEquals(List.of(true, true), met(met));
    assertEquals(20_000, met.medianRound().relay().wrk().requestsPerSecond());
    assertTrue(met.targets().get(0).measured().endsWith("the median of 3 rounds: 0.90, 1.20, 1.00"),
        met.targets().get(0).measured());
    assertTrue(met.table().contains("| relay #3 | 64 | 20,000 |"), met.table());
    assertEquals(List.of(false, true), met(new RelayReport(List.of(saturated(18_000, 2050, 0),
        saturated(24_000, 2050, 0), saturated(19_000, 2050, 0)), Optional.of(light(150)))));
    // An even count takes the lower middle round; an error in any round spoils the throughput target.
    assertEquals(List.of(false, true), met(new RelayReport(List.of(saturated(19_000, 2050, 0),
        saturated(24_000, 2050, 0)), Optional.of(light(150)))));
    assertEquals(List.of(false, false), met(new RelayReport(List.of(saturated(20_000, 2050, 0),
        saturated(24_000, 2050, 2), saturated(22_000, 2050, 0)), Optional.of(light(150)))));
  }

  @Test
  void aBaselineRelayIsComparedRoundByRound() {
    // Relay 18,000 / 24,000 / 20,000 against a baseline of 22,500 / 20,000 / 25,000: ratios 0.80, 1.20, 0.80;
    // CPU (5 s over ten seconds' requests) 27.8 / 20.8 / 25.0 µs against 22.2 / 25.0 / 20.0.
    List<Comparison> rounds = new java.util.ArrayList<>();
    double[][] rates = {{18_000, 22_500}, {24_000, 20_000}, {20_000, 25_000}};
    for (double[] r : rates) {
      Comparison c = saturated(r[0], 2050, 0);
      rounds.add(new Comparison(c.direct(), c.relay(), Optional.of(run("baseline", 64, r[1], 2100, 0)), c.nginx()));
    }
    RelayReport report = new RelayReport(rounds, Optional.empty());
    assertEquals("relay / baseline throughput: median 0.80 (rounds: 0.80, 1.20, 0.80); CPU per request, medians: "
        + "relay 25.0 µs, baseline 22.2 µs", report.baselineSummary().orElseThrow());
    assertTrue(report.table().contains("| baseline #2 | 64 | 20,000 |"), report.table());
    assertTrue(report.markdown("t", List.of()).contains("relay / baseline throughput: median 0.80"));
    assertTrue(new RelayReport(saturated(20_000, 2050, 0), Optional.empty()).baselineSummary().isEmpty());
  }

  @Test
  void runsWithErrorsMeetNoTarget() {
    RelayReport report = new RelayReport(saturated(90_000, 100, 3), Optional.of(light(100)));
    assertEquals(List.of(false, false), met(report));
    assertTrue(report.table().contains("| relay | 64 | 90,000 | 100 | 200 | 400 | 3 | 5.6 | 1.0 | 0.50 |"),
        report.table());
    assertTrue(report.targets().get(1).measured().startsWith("relay +0 µs (nginx +50 µs) with 1 connection; "
        + "relay -1900 µs"), report.targets().get(1).measured());
  }
}
