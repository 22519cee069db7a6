package io.meshkit.jepsen.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.jepsen.HistoryRecorder;
import io.meshkit.jepsen.Op;
import io.meshkit.jepsen.OpFunction;
import io.meshkit.jepsen.RelayAnswer;
import io.meshkit.jepsen.Verdict;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The relay revision check on hand-made histories: revisions that go down within one relay process
 * are caught, concurrent answers and other relays are not compared, a kill of the relay's node starts
 * a new lifetime whose first table may be older but nothing after it, and a history with nothing to
 * compare is not valid.
 */
class RelayRevisionCheckTest {
  private final HistoryRecorder recorder = new HistoryRecorder();
  private final Map<Integer, Op> pending = new HashMap<>();

  /** Process {@code p} sends a request to {@code relay}'s relay. */
  private RelayRevisionCheckTest invoke(int p, String relay) {
    pending.put(p, recorder.invoke(p, OpFunction.RELAY_GET, relay, "k" + p));
    return this;
  }

  /** Process {@code p}'s request is answered 200 at {@code revision}. */
  private RelayRevisionCheckTest answer(int p, long revision) {
    return answer(p, 200, revision);
  }

  private RelayRevisionCheckTest answer(int p, int status, Long revision) {
    recorder.ok(pending.remove(p), new RelayAnswer(status, revision, revision == null ? null : "ns/0"));
    return this;
  }

  /** A request of process {@code p} to {@code relay}, answered at {@code revision} before the next begins. */
  private RelayRevisionCheckTest get(int p, String relay, long revision) {
    return invoke(p, relay).answer(p, revision);
  }

  private RelayRevisionCheckTest nemesis(OpFunction f, String what) {
    recorder.nemesis(f, what);
    return this;
  }

  private RelayRevisionCheckTest killAndRestart(String node) {
    return nemesis(OpFunction.FAULT, "kill -9 " + node).nemesis(OpFunction.HEAL, "restart killed nodes");
  }

  private RelayRevisionCheck.Result check() {
    return new RelayRevisionCheck().check(recorder.history());
  }

  @Test
  void revisionsThatNeverGoDownPerRelayAreValid() {
    get(0, "n1", 10).get(1, "n2", 30).get(0, "n1", 10).get(0, "n1", 12).get(1, "n2", 31).get(0, "n1", 20);

    RelayRevisionCheck.Result result = check();

    assertEquals(Verdict.VALID, result.verdict(), result.anomalies().toString());
    assertEquals(6, result.answers());
    assertEquals(4, result.compared());
    RelayRevisionCheck.RelayStats n1 = result.relays().get(0);
    assertEquals("n1", n1.relay());
    assertEquals(20, n1.maxRevision());
    assertEquals(3, n1.distinctRevisions());
    assertEquals(Map.of(200, 4), n1.byStatus());
  }

  @Test
  void aRevisionGoingDownWithinOneRelayProcessIsInvalid() {
    get(0, "n1", 10).get(1, "n1", 14).get(0, "n1", 13);

    RelayRevisionCheck.Result result = check();

    assertEquals(Verdict.INVALID, result.verdict());
    assertEquals(1, result.anomalies().size(), result.anomalies().toString());
    assertTrue(result.anomalies().get(0).contains("relay n1 (lifetime 0) routed by revision 13"),
        result.anomalies().get(0));
    assertTrue(result.anomalies().get(0).contains("answered at revision 14"), result.anomalies().get(0));
    assertTrue(result.detail().contains("relay n1:"), result.detail());
  }

  @Test
  void theRelaysOwnErrorAnswersCountAndAreCompared() {
    invoke(0, "n1").answer(0, 503, 20L).invoke(0, "n1").answer(0, 502, 19L);

    RelayRevisionCheck.Result result = check();

    assertEquals(Verdict.INVALID, result.verdict());
    assertEquals(Map.of(502, 1, 503, 1), result.relays().get(0).byStatus());
  }

  @Test
  void concurrentAnswersAreNotOrdered() {
    // 1 is invoked before 0 completes: either may have been routed first.
    invoke(0, "n1").invoke(1, "n1").answer(0, 15).answer(1, 12).get(2, "n1", 15);

    RelayRevisionCheck.Result result = check();

    assertEquals(Verdict.VALID, result.verdict(), result.anomalies().toString());
  }

  @Test
  void differentRelaysAreNotCompared() {
    get(0, "n1", 20).get(1, "n2", 5).get(0, "n1", 21).get(1, "n2", 6);

    assertEquals(Verdict.VALID, check().verdict());
  }

  @Test
  void aKilledRelayMayStartFromAnOlderLastKnownGoodTableThenMustCatchUp() {
    get(0, "n1", 20).get(0, "n1", 22).killAndRestart("n1")
        .get(0, "n1", 21).get(0, "n1", 21).get(0, "n1", 25).get(0, "n1", 30);

    RelayRevisionCheck.Result result = check();

    assertEquals(Verdict.VALID, result.verdict(), result.anomalies().toString());
    assertEquals(2, result.relays().get(0).lifetimes());
  }

  @Test
  void aRestartedRelayPastItsFirstTableBelowItsEarlierLifeIsInvalid() {
    // Past the last known good table (15) it routes by 18, older than the 20 it had before the kill.
    get(0, "n1", 20).killAndRestart("n1").get(0, "n1", 15).get(0, "n1", 18);

    RelayRevisionCheck.Result result = check();

    assertEquals(Verdict.INVALID, result.verdict());
    assertTrue(result.anomalies().get(0).startsWith("a restart falls back to its last known good table only: relay n1"
        + " (lifetime 1) routed by revision 18"), result.anomalies().get(0));
  }

  @Test
  void aKillOfAnotherNodeDoesNotStartANewLifetime() {
    get(0, "n1", 20).killAndRestart("n2").get(0, "n1", 15);

    assertEquals(Verdict.INVALID, check().verdict());
  }

  @Test
  void aPauseDoesNotStartANewLifetime() {
    get(0, "n1", 20).nemesis(OpFunction.FAULT, "pause (SIGSTOP) n1").nemesis(OpFunction.HEAL, "resume")
        .get(0, "n1", 15);

    assertEquals(Verdict.INVALID, check().verdict());
  }

  @Test
  void anAnswerSpanningAKillIsCountedButNotCompared() {
    // Process 1's answer may come from either side of the kill.
    get(0, "n1", 10).invoke(1, "n1").killAndRestart("n1").answer(1, 40).get(0, "n1", 12).get(0, "n1", 13);

    RelayRevisionCheck.Result result = check();

    assertEquals(Verdict.VALID, result.verdict(), result.anomalies().toString());
    assertEquals(4, result.answers());
    assertEquals(1, result.compared());
  }

  @Test
  void answersWithoutTheHeaderAreCountedNotCompared() {
    invoke(0, "n1").answer(0, 400, null).get(0, "n1", 3).get(0, "n1", 4);

    RelayRevisionCheck.Result result = check();

    assertEquals(Verdict.VALID, result.verdict(), result.anomalies().toString());
    assertEquals(3, result.answers());
    assertEquals(2, result.withRevision());
    assertEquals(1, result.compared());
  }

  @Test
  void aHistoryWithNothingToCompareIsInvalid() {
    invoke(0, "n1");
    recorder.fail(pending.remove(0), "java.net.ConnectException");
    get(1, "n2", 5);  // alone: no earlier answer of its relay

    RelayRevisionCheck.Result result = check();

    assertEquals(Verdict.INVALID, result.verdict());
    assertEquals(List.of("nothing checked: no relay answer with a route revision followed another of the same relay "
        + "process"), result.anomalies());
    assertEquals(1, result.relays().get(0).noAnswer());
  }
}
