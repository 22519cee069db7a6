package io.meshkit.jepsen.leadership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LeadershipCheckerTest {
  @Test
  void successiveLeadersWithGrowingTokensAndCurrentFencesAreValid() {
    List<Tenure> tenures = List.of(new Tenure("ctl", "a", 10, 0, 100), new Tenure("ctl", "b", 25, 150, 300),
        new Tenure("other", "a", 12, 50, 400));
    List<FencedWrite> writes = List.of(new FencedWrite("ctl", 10, 11), new FencedWrite("ctl", 10, 24),
        new FencedWrite("ctl", 25, 25), new FencedWrite("other", 12, 40));
    assertEquals(List.of(), LeadershipChecker.check(tenures, writes));
  }

  @Test
  void overlappingTenuresOfTwoClientsAreFlagged() {
    List<String> anomalies = LeadershipChecker.check(
        List.of(new Tenure("ctl", "a", 10, 0, 200_000_000), new Tenure("ctl", "b", 25, 150_000_000, 300_000_000)),
        List.of());
    assertEquals(1, anomalies.size());
    assertTrue(anomalies.get(0).contains("both led for 50 ms"), anomalies.get(0));
  }

  @Test
  void aTokenThatDoesNotGrowIsFlagged() {
    List<String> anomalies = LeadershipChecker.check(
        List.of(new Tenure("ctl", "a", 30, 0, 100), new Tenure("ctl", "b", 25, 150, 300)), List.of());
    assertEquals(1, anomalies.size());
    assertTrue(anomalies.get(0).contains("does not exceed"), anomalies.get(0));
  }

  @Test
  void aWriteAcceptedWithAStaleTokenIsFlagged() {
    List<String> anomalies = LeadershipChecker.check(
        List.of(new Tenure("ctl", "a", 10, 0, 100), new Tenure("ctl", "b", 25, 150, 300)),
        List.of(new FencedWrite("ctl", 10, 26)));
    assertEquals(1, anomalies.size());
    assertTrue(anomalies.get(0).contains("current token was 25"), anomalies.get(0));
  }

  @Test
  void theSameClientRenewingItsOwnTenureIsNotAnOverlap() {
    assertEquals(List.of(), LeadershipChecker.check(
        List.of(new Tenure("ctl", "a", 10, 0, 100), new Tenure("ctl", "a", 11, 50, 200)), List.of()));
  }
}
