package io.meshkit.jepsen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {

  @Test
  void pairsInvocationsWithCompletionsPerProcess() {
    History h = new HistoryBuilder()
        .invokeWrite(0, "x", 1).invokeRead(1, "x").ok(1, 1L).ok(0)
        .build();
    List<OpPair> pairs = h.pairs();
    assertEquals(2, pairs.size());
    assertEquals(OpFunction.WRITE, pairs.get(0).function());
    assertEquals(3, pairs.get(0).completion().index());
    assertEquals(2, pairs.get(1).completion().index());
    assertEquals(1L, pairs.get(1).completion().longValue());
  }

  @Test
  void invocationWithoutCompletionIsIndeterminate() {
    History h = new HistoryBuilder().write(0, "x", 1).invokeWrite(1, "x", 2).build();
    OpPair open = h.pairs().get(1);
    assertTrue(open.indeterminate());
    assertEquals(Long.MAX_VALUE, open.completion().index());
  }

  @Test
  void rejectsMalformedHistories() {
    Op invoke = new Op(0, OpType.INVOKE, OpFunction.WRITE, "x", 1L, 0, 0);
    Op info = new Op(0, OpType.INFO, OpFunction.WRITE, "x", 1L, 1, 1);
    Op okRead = new Op(0, OpType.OK, OpFunction.READ, "x", 1L, 1, 1);
    assertThrows(IllegalArgumentException.class, () -> History.of(List.of(invoke, invoke)));
    assertThrows(IllegalArgumentException.class, () -> History.of(List.of(okRead)));
    assertThrows(IllegalArgumentException.class, () -> History.of(List.of(invoke, okRead)));
    assertThrows(IllegalArgumentException.class, () -> History.of(List.of(invoke, info, invoke)));
  }
}
