package io.meshkit.jepsen.registry;

import static io.meshkit.jepsen.registry.RegistryHistory.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.jepsen.History;
import io.meshkit.jepsen.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryCheckerTest {
  private static RegistryResult check(RegistryHistory history) {
    return new RegistryChecker().check(history.build());
  }

  /** Exactly one anomaly, of the given rule, mentioning each of {@code fragments}. */
  private static void assertOneAnomaly(RegistryResult result, String rule, String... fragments) {
    assertEquals(Verdict.INVALID, result.verdict(), result.anomalies().toString());
    assertEquals(1, result.anomalies().size(), result.anomalies().toString());
    String anomaly = result.anomalies().get(0);
    assertTrue(anomaly.startsWith(rule + ":"), anomaly);
    for (String fragment : fragments) {
      assertTrue(anomaly.contains(fragment), "'" + fragment + "' in " + anomaly);
    }
  }

  /** INVALID, with (among others) an anomaly that starts with {@code start}. */
  private static void assertFlagged(RegistryResult result, String start) {
    assertEquals(Verdict.INVALID, result.verdict(), result.anomalies().toString());
    assertTrue(result.anomalies().stream().anyMatch(a -> a.startsWith(start)), "'" + start + "' in "
        + result.anomalies());
  }

  @Test
  void contendedTransfersWithOneWinnerPerEpochAndReadsInOrderAreValid() {
    RegistryHistory h = new RegistryHistory()
        .read(0, state(0, "node-1", 1, 10, 20))
        .invokeResolve(1, "key-7").ok(1, state(0, "node-1", 1, 10, 21))
        // Two transfers at epoch 1: one applies, the other loses on the epoch.
        .invokeTransfer(0, 0, "node-2", 1)
        .invokeTransfer(1, 0, "node-3", 1)
        .invokeRead(2, 0)
        .ok(0, state(0, "node-2", 2, 22, 22))
        .fail(1, "CONFLICT: shard/ns/0 is at epoch 2, not 1")
        .ok(2, state(0, "node-1", 1, 10, 21))   // concurrent with the transfer: the old epoch is fine
        .read(2, state(0, "node-2", 2, 22, 23))
        // A transfer of unknown outcome that did apply explains epoch 3.
        .invokeTransfer(3, 0, "node-5", 2).info(3)
        .read(4, state(0, "node-5", 3, 24, 25))
        .transfer(4, "node-1", 3, state(0, "node-1", 4, 26, 26))
        .read(5, state(1, "node-4", 1, 10, 27));

    RegistryResult result = check(h);

    assertEquals(Verdict.VALID, result.verdict(), result.anomalies().toString());
    assertEquals(2, result.shards());
    assertEquals(2, result.transfersOk());
    assertEquals(1, result.transfersIndeterminate());
    assertEquals(1, result.transfersFailed());
    assertEquals(4, result.highestEpoch());
  }

  @Test
  void aTransferThatNeverCompletedMayExplainALaterEpoch() {
    RegistryHistory h = new RegistryHistory()
        .read(0, state(2, "node-1", 1, 10, 20))
        .invokeTransfer(1, 2, "node-3", 1)
        .read(0, state(2, "node-3", 2, 21, 22));

    assertEquals(Verdict.VALID, check(h).verdict());
  }

  @Test
  void noAnswersAtAllIsUnknown() {
    RegistryHistory h = new RegistryHistory().invokeRead(0, 1).fail(0, "UNAVAILABLE: no leader");

    assertEquals(Verdict.UNKNOWN, check(h).verdict());
  }

  @Test
  void twoStatesAtOneRevisionAreFlagged() {
    RegistryHistory h = new RegistryHistory()
        .invokeTransfer(0, 1, "node-2", 1).info(0)
        .read(1, state(1, "node-1", 1, 10, 30))
        .read(2, state(1, "node-2", 2, 30, 30));

    assertFlagged(check(h), "one state per revision: shard 1 at revision 30 was both node-1@1");
  }

  @Test
  void twoOwnersOfOneEpochAreFlagged() {
    RegistryHistory h = new RegistryHistory()
        .invokeTransfer(0, 1, "node-2", 1)
        .invokeTransfer(1, 1, "node-3", 1)
        .info(0)
        .info(1)
        .read(2, state(1, "node-2", 2, 30, 31))
        .read(3, state(1, "node-3", 2, 30, 32));

    assertFlagged(check(h), "one owner per epoch: shard 1 epoch 2 was owned by node-2");
  }

  @Test
  void anEpochThatGoesBackAsTheRevisionGrowsIsFlagged() {
    RegistryHistory h = new RegistryHistory()
        .invokeTransfer(0, 3, "node-2", 1).info(0)
        .invokeRead(1, 3)
        .invokeRead(2, 3)
        .ok(1, state(3, "node-2", 2, 40, 41))
        .ok(2, state(3, "node-1", 1, 10, 45));   // concurrent, so real time allows it; revisions do not

    assertOneAnomaly(check(h), "epochs advance with revisions", "still at epoch 1 at revision 45",
        "epoch 2 held from revision 40");
  }

  @Test
  void anOlderEpochInsideTheSpanANewerOneHeldIsFlagged() {
    // Epoch 2 at revision 70 is monotonic against epoch 3 at revision 100, but epoch 3 began at 50.
    RegistryHistory h = new RegistryHistory()
        .invokeTransfer(0, 0, "node-2", 1).info(0)
        .invokeTransfer(1, 0, "node-3", 2).info(1)
        .invokeRead(2, 0)
        .invokeRead(3, 0)
        .ok(2, state(0, "node-3", 3, 50, 100))
        .ok(3, state(0, "node-2", 2, 40, 70));

    assertOneAnomaly(check(h), "epochs advance with revisions", "still at epoch 2 at revision 70",
        "epoch 3 held from revision 50");
  }

  @Test
  void aTransferThatAppliedOtherwiseThanAskedIsFlagged() {
    RegistryHistory h = new RegistryHistory()
        .read(0, state(0, "node-1", 1, 10, 20))
        .transfer(0, "node-2", 1, state(0, "node-4", 2, 21, 21));

    assertFlagged(check(h), "transfers apply as asked: shard 0 transfer to node-2 at epoch 1 produced node-4@2");
  }

  @Test
  void twoWinnersAtOneEpochAreFlagged() {
    RegistryHistory h = new RegistryHistory()
        .invokeTransfer(0, 2, "node-2", 1)
        .invokeTransfer(1, 2, "node-3", 1)
        .ok(0, state(2, "node-2", 2, 30, 30))
        .ok(1, state(2, "node-3", 2, 31, 31));

    assertFlagged(check(h), "transfers apply as asked: shard 2 had 2 successful transfers at epoch 1");
  }

  @Test
  void anEpochBeyondTheTransfersThatCouldHaveAppliedIsFlagged() {
    RegistryHistory h = new RegistryHistory()
        .invokeTransfer(0, 1, "node-2", 1).info(0)
        .read(1, state(1, "node-3", 3, 50, 51));

    RegistryResult result = check(h);

    assertFlagged(result, "no phantom epochs: shard 1 showed epoch 3");
    assertTrue(result.anomalies().get(0).contains("only 1 of its transfers could have applied"));
  }

  @Test
  void anOwnerNoTransferNamedIsFlagged() {
    RegistryHistory h = new RegistryHistory()
        .invokeTransfer(0, 1, "node-2", 1).info(0)
        .read(1, state(1, "node-4", 2, 50, 51));

    assertOneAnomaly(check(h), "no phantom epochs", "showed node-4@2", "no transfer to node-4 at epoch 1");
  }

  @Test
  void aTransferInvokedAfterTheAnswerDoesNotExplainIt() {
    RegistryHistory h = new RegistryHistory()
        .read(1, state(1, "node-2", 2, 50, 51))
        .invokeTransfer(0, 1, "node-2", 1).info(0);

    RegistryResult result = check(h);

    assertEquals(Verdict.INVALID, result.verdict());
    assertEquals(2, result.anomalies().size(), "epoch count and owner: " + result.anomalies());
  }

  @Test
  void aReadStartedAfterATransferReturnedMustSeeItsEpoch() {
    RegistryHistory h = new RegistryHistory()
        .read(0, state(0, "node-1", 1, 10, 20))
        .transfer(1, "node-2", 1, state(0, "node-2", 2, 25, 25))
        .read(2, state(0, "node-1", 1, 10, 22));   // a stale (e.g. serializable) read

    assertOneAnomaly(check(h), "linearizable answers", "showed epoch 1", "after node-2@2 had been answered");
  }

  @Test
  void aReadStartedAfterAnotherReadReturnedMustNotGoBackInRevision() {
    RegistryHistory h = new RegistryHistory()
        .read(0, state(0, "node-1", 1, 10, 40))
        .read(1, state(0, "node-1", 1, 10, 35));

    assertOneAnomaly(check(h), "linearizable answers", "answered at revision 35", "after an answer at revision 40");
  }

  @Test
  void aReadConcurrentWithATransferMaySeeEitherEpoch() {
    RegistryHistory h = new RegistryHistory()
        .read(0, state(0, "node-1", 1, 10, 20))
        .invokeTransfer(1, 0, "node-2", 1)
        .invokeRead(2, 0)
        .invokeRead(3, 0)
        .ok(2, state(0, "node-2", 2, 25, 25))
        .ok(1, state(0, "node-2", 2, 25, 25))
        .ok(3, state(0, "node-1", 1, 10, 24));

    assertEquals(Verdict.VALID, check(h).verdict(), check(h).anomalies().toString());
  }

  @Test
  void manyAnomaliesAreListedUpToTheLimitPerShardAndCounted() {
    RegistryHistory h = new RegistryHistory().transfer(0, "node-2", 1, state(0, "node-2", 2, 25, 25));
    for (int i = 0; i < RegistryChecker.MAX_LISTED + 10; i++) {
      h.read(1, state(0, "node-1", 1, 10, 30 + i));
    }

    List<String> anomalies = check(h).anomalies();

    assertEquals(RegistryChecker.MAX_LISTED + 1, anomalies.size());
    assertEquals("... and 11 more on shard 0", anomalies.get(RegistryChecker.MAX_LISTED));
  }

  @Test
  void historiesOfOtherWorkloadsHaveNoRegistryAnswers() {
    assertEquals(Verdict.UNKNOWN, new RegistryChecker().check(History.of(List.of())).verdict());
  }
}
