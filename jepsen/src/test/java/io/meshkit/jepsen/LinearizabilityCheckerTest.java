package io.meshkit.jepsen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {
  private final LinearizabilityChecker checker = new LinearizabilityChecker();

  private Verdict verdict(HistoryBuilder h) {
    return checker.check(h.build()).verdict();
  }

  @Test
  void readOfMissingKeyIsNull() {
    assertEquals(Verdict.VALID, verdict(new HistoryBuilder().read(0, "x", null).write(0, "x", 1)));
    assertEquals(Verdict.INVALID, verdict(new HistoryBuilder().write(0, "x", 1).read(0, "x", null)));
  }

  @Test
  void readOverlappingWriteMaySeeEitherValue() {
    for (Long seen : new Long[] {1L, 2L}) {
      HistoryBuilder h = new HistoryBuilder()
          .write(0, "x", 1)
          .invokeWrite(0, "x", 2).invokeRead(1, "x").ok(1, seen).ok(0);
      assertEquals(Verdict.VALID, verdict(h), "read saw " + seen);
    }
  }

  @Test
  void concurrentWritesMayLinearizeInEitherOrder() {
    for (long last : new long[] {1, 2}) {
      HistoryBuilder h = new HistoryBuilder()
          .invokeWrite(0, "x", 1).invokeWrite(1, "x", 2).ok(1).ok(0)
          .read(2, "x", last).read(2, "x", last);
      assertEquals(Verdict.VALID, verdict(h), "final value " + last);
    }
  }

  @Test
  void indeterminateWriteMayOrMayNotHaveHappened() {
    HistoryBuilder happened = new HistoryBuilder()
        .write(0, "x", 1).invokeWrite(1, "x", 2).info(1).read(0, "x", 1L).read(0, "x", 2L);
    HistoryBuilder never = new HistoryBuilder()
        .write(0, "x", 1).invokeWrite(1, "x", 2).info(1).read(0, "x", 1L).read(0, "x", 1L);
    HistoryBuilder neverCompleted = new HistoryBuilder()
        .write(0, "x", 1).invokeWrite(1, "x", 2).read(0, "x", 2L);
    assertEquals(Verdict.VALID, verdict(happened));
    assertEquals(Verdict.VALID, verdict(never));
    assertEquals(Verdict.VALID, verdict(neverCompleted));
  }

  @Test
  void indeterminateWriteCannotBeUndone() {
    HistoryBuilder h = new HistoryBuilder()
        .write(0, "x", 1).invokeWrite(1, "x", 2).info(1).read(0, "x", 2L).read(0, "x", 1L);
    assertEquals(Verdict.INVALID, verdict(h));
  }

  @Test
  void failedOpsAndNonOkReadsAreDropped() {
    HistoryBuilder h = new HistoryBuilder()
        .write(0, "x", 1)
        .invokeWrite(1, "x", 9).fail(1)
        .invokeRead(1, "x").fail(1)
        .invokeRead(2, "x").info(2)
        .invokeCas(0, "x", 5L, 6).fail(0)
        .read(0, "x", 1L);
    assertEquals(Verdict.VALID, verdict(h));
  }

  @Test
  void staleReadAfterCompletedWriteIsInvalid() {
    History h = new HistoryBuilder().write(0, "x", 1).write(1, "x", 2).read(2, "x", 1L).build();
    KeyResult r = checker.check(h).keys().get("x");
    assertEquals(Verdict.INVALID, r.verdict());
    assertEquals(OpFunction.READ, r.failedOp().function());
    assertEquals(2L, r.stateBeforeFailure());
    assertEquals(2, r.linearization().size());
    assertTrue(r.describe(5).contains("cannot linearize"), r.describe(5));
  }

  @Test
  void readOfValueNeverWrittenIsInvalid() {
    assertEquals(Verdict.INVALID, verdict(new HistoryBuilder().write(0, "x", 1).read(1, "x", 3L)));
  }

  @Test
  void sequentialReadsGoingBackwardsAreInvalid() {
    HistoryBuilder h = new HistoryBuilder()
        .write(0, "x", 1)
        .invokeWrite(0, "x", 2)
        .read(1, "x", 2L)
        .read(2, "x", 1L)
        .ok(0);
    assertEquals(Verdict.INVALID, verdict(h));
  }

  @Test
  void casFollowsTheRegister() {
    HistoryBuilder valid = new HistoryBuilder()
        .write(0, "x", 1).invokeCas(1, "x", 1L, 3).ok(1).read(0, "x", 3L)
        .invokeCas(1, "x", 1L, 4).fail(1).read(0, "x", 3L);
    HistoryBuilder fromAbsent = new HistoryBuilder().invokeCas(0, "x", null, 1).ok(0).read(0, "x", 1L);
    assertEquals(Verdict.VALID, verdict(valid));
    assertEquals(Verdict.VALID, verdict(fromAbsent));
  }

  @Test
  void casSucceedingAgainstOverwrittenValueIsInvalid() {
    HistoryBuilder h = new HistoryBuilder()
        .write(0, "x", 1).write(0, "x", 2).invokeCas(1, "x", 1L, 3).ok(1);
    assertEquals(Verdict.INVALID, verdict(h));
  }

  @Test
  void indeterminateCasTakesEffectOnlyIfItMatched() {
    HistoryBuilder matched = new HistoryBuilder()
        .write(0, "x", 1).invokeCas(1, "x", 1L, 3).info(1).read(0, "x", 3L);
    HistoryBuilder mismatched = new HistoryBuilder()
        .write(0, "x", 2).invokeCas(1, "x", 1L, 3).info(1).read(0, "x", 3L);
    assertEquals(Verdict.VALID, verdict(matched));
    assertEquals(Verdict.INVALID, verdict(mismatched));
  }

  @Test
  void anomalyOnOneKeyDoesNotTaintOthers() {
    History h = new HistoryBuilder()
        .write(0, "x", 1).write(0, "y", 1)
        .invokeWrite(1, "x", 2).read(2, "x", 1L).ok(1).read(2, "x", 2L)
        .write(1, "y", 2).read(2, "y", 1L)
        .build();
    LinearizabilityResult r = checker.check(h);
    assertEquals(Verdict.INVALID, r.verdict());
    assertEquals(Verdict.VALID, r.keys().get("x").verdict());
    assertEquals(Verdict.INVALID, r.keys().get("y").verdict());
    assertTrue(r.describe(3).contains("key y"), r.describe(3));
  }

  @Test
  void exhaustedBudgetIsUnknownNeverValid() {
    HistoryBuilder h = new HistoryBuilder()
        .invokeWrite(0, "x", 1).invokeWrite(1, "x", 2).invokeWrite(2, "x", 3)
        .ok(0).ok(1).ok(2)
        .read(0, "x", 3L);
    LinearizabilityResult r = new LinearizabilityChecker(1).check(h.build());
    assertEquals(Verdict.UNKNOWN, r.verdict());
    assertEquals(Verdict.UNKNOWN, r.keys().get("x").verdict());
    assertNull(r.keys().get("x").failedOp());
    assertEquals(Verdict.VALID, checker.check(h.build()).verdict());
  }

  @Test
  void emptyHistoryIsValid() {
    assertEquals(Verdict.VALID, verdict(new HistoryBuilder()));
  }
}
