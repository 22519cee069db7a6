package io.meshkit.jepsen.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class WatchCheckerTest {
  private static final Predicate<String> PREFIX = k -> k.startsWith("w/");
  private static final Set<Change> ACKED = Set.of(new Change(3, "w/a"), new Change(4, "w/b"), new Change(5, "x/c"),
      new Change(6, "w/a"));
  private static final Set<Change> UNKNOWN = Set.of(new Change(7, "w/z"));

  @Test
  void everyAcknowledgedChangeOnceInOrderIsValidAndIndeterminateOnesMayAppear() {
    assertEquals(List.of(), WatchChecker.check(
        List.of(new Change(3, "w/a"), new Change(4, "w/b"), new Change(6, "w/a"), new Change(7, "w/z")),
        ACKED, UNKNOWN, PREFIX, 3, 7));
    assertEquals(List.of(), WatchChecker.check(
        List.of(new Change(4, "w/b"), new Change(6, "w/a")), ACKED, UNKNOWN, PREFIX, 4, 7),
        "a watch from revision 4 owes nothing before it");
  }

  @Test
  void aGapADuplicateAndDisorderAreFlagged() {
    List<String> gap = WatchChecker.check(List.of(new Change(3, "w/a"), new Change(6, "w/a")),
        ACKED, UNKNOWN, PREFIX, 3, 7);
    assertEquals(List.of("revision 4 (w/b) was acknowledged but never delivered"), gap);
    List<String> duplicate = WatchChecker.check(
        List.of(new Change(3, "w/a"), new Change(4, "w/b"), new Change(4, "w/b"), new Change(6, "w/a")),
        ACKED, UNKNOWN, PREFIX, 3, 7);
    assertEquals(List.of("revision 4 (w/b) arrived twice"), duplicate);
    List<String> disorder = WatchChecker.check(
        List.of(new Change(4, "w/b"), new Change(3, "w/a"), new Change(6, "w/a")), ACKED, UNKNOWN, PREFIX, 3, 7);
    assertTrue(disorder.get(0).contains("arrived after revision 4"), disorder.toString());
  }

  @Test
  void aChangeNeverWrittenOrOutsideTheSelectionIsFlagged() {
    List<String> anomalies = WatchChecker.check(
        List.of(new Change(3, "w/a"), new Change(4, "w/b"), new Change(5, "x/c"), new Change(6, "w/a"),
            new Change(8, "w/q")), ACKED, UNKNOWN, PREFIX, 3, 8);
    assertEquals(List.of("revision 5 changed x/c, which the watch does not select",
        "revision 8 (w/q) was never written"), anomalies);
  }
}
