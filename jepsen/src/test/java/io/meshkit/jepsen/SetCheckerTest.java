package io.meshkit.jepsen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SetCheckerTest {
  private final SetChecker checker = new SetChecker();

  private static HistoryBuilder adds() {
    return new HistoryBuilder()
        .invokeAdd(0, 1).ok(0)
        .invokeAdd(1, 2).ok(1)
        .invokeAdd(2, 3).info(2)   // indeterminate: may or may not be present
        .invokeAdd(3, 4).fail(3)   // certainly not added
        .invokeAdd(4, 5);          // never completed: indeterminate
  }

  private static History withFinalRead(List<Long> elements) {
    return adds().invoke(0, OpFunction.READ, null, null).ok(0, elements).build();
  }

  @Test
  void acceptsAllAcknowledgedPlusAnyIndeterminate() {
    SetResult r = checker.check(withFinalRead(List.of(1L, 2L, 3L)));
    assertEquals(Verdict.VALID, r.verdict());
    assertEquals(2, r.acknowledged());
    assertEquals(1, r.recovered());
    assertEquals(Verdict.VALID, checker.check(withFinalRead(List.of(2L, 1L, 5L))).verdict());
  }

  @Test
  void reportsLostAcknowledgedAdds() {
    SetResult r = checker.check(withFinalRead(List.of(2L, 3L)));
    assertEquals(Verdict.INVALID, r.verdict());
    assertEquals(Set.of(1L), r.lost());
    assertEquals(Set.of(), r.unexpected());
  }

  @Test
  void reportsUnexpectedElementsIncludingFailedAdds() {
    SetResult r = checker.check(withFinalRead(List.of(1L, 2L, 4L, 99L)));
    assertEquals(Verdict.INVALID, r.verdict());
    assertEquals(Set.of(), r.lost());
    assertEquals(Set.of(4L, 99L), r.unexpected());
  }

  @Test
  void usesLastOkReadAndIsUnknownWithoutOne() {
    History h = adds()
        .invoke(0, OpFunction.READ, null, null).ok(0, List.of())
        .invoke(0, OpFunction.READ, null, null).ok(0, List.of(1L, 2L))
        .invoke(0, OpFunction.READ, null, null).fail(0)
        .build();
    assertEquals(Verdict.VALID, checker.check(h).verdict());
    assertEquals(Verdict.UNKNOWN, checker.check(adds().build()).verdict());
  }
}
