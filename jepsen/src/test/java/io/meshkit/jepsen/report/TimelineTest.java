package io.meshkit.jepsen.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.jepsen.History;
import io.meshkit.jepsen.OpFunction;
import io.meshkit.jepsen.OpPair;
import io.meshkit.jepsen.OpType;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {

  @Test
  void faultsLastUntilTheNextHealOrTheRunEnd() {
    History history = new TimedHistory()
        .invoke(0, 0, OpFunction.WRITE, 1L)
        .nemesis(1000, OpFunction.FAULT, "partition n1 | n2 n3")
        .nemesis(1500, OpFunction.FAULT, "kill n2")
        .nemesis(3000, OpFunction.HEAL, "heal")
        .nemesis(4000, OpFunction.FAULT, "pause n3")
        .complete(6000, 0, OpType.OK)
        .build();
    Timeline timeline = Timeline.of(history);

    assertEquals(6.0, timeline.endSeconds(), 1e-9);
    assertEquals(List.of(
        new Timeline.Fault(1.0, 3.0, "partition n1 | n2 n3"),
        new Timeline.Fault(1.5, 3.0, "kill n2"),
        new Timeline.Fault(4.0, 6.0, "pause n3")), timeline.faults());
    assertEquals(4, timeline.events().size());
    assertEquals(new Timeline.Event(3.0, OpFunction.HEAL, "heal"), timeline.events().get(2));
  }

  @Test
  void aMissingCompletionIsTakenAtTheRunEnd() {
    History history = new TimedHistory()
        .invoke(100, 0, OpFunction.WRITE, 1L)
        .invoke(200, 1, OpFunction.READ, null)
        .complete(700, 0, OpType.OK)
        .build();
    Timeline timeline = Timeline.of(history);
    List<OpPair> pairs = history.pairs();

    assertTrue(Timeline.completed(pairs.get(0)));
    assertEquals(600_000_000L, timeline.latencyNanos(pairs.get(0)));
    assertFalse(Timeline.completed(pairs.get(1)));
    assertEquals(500_000_000L, timeline.latencyNanos(pairs.get(1)));
    assertEquals(0.1, timeline.seconds(history.ops().get(1).timeNanos()), 1e-9);
  }

  @Test
  void anEmptyHistorySpansNothing() {
    Timeline timeline = Timeline.of(History.of(List.of()));
    assertEquals(0.0, timeline.endSeconds());
    assertTrue(timeline.faults().isEmpty());
  }
}
