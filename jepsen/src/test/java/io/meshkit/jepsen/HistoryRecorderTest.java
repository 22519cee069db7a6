package io.meshkit.jepsen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HistoryRecorderTest {

  /** Threads hammer one atomic register through the recorder; the result must check VALID. */
  @Test
  void concurrentRecordingOfAnAtomicRegisterIsLinearizable() throws Exception {
    HistoryRecorder recorder = new HistoryRecorder();
    AtomicLong register = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      int process = p;
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 200; i++) {
          if (i % 2 == 0) {
            long v = process * 1000L + i;
            Op op = recorder.invoke(process, OpFunction.WRITE, "x", v);
            register.set(v);
            recorder.ok(op, v);
          } else {
            Op op = recorder.invoke(process, OpFunction.READ, "x", null);
            recorder.ok(op, register.get());
          }
        }
      });
      thread.start();
      threads.add(thread);
    }
    for (Thread t : threads) {
      t.join();
    }
    History h = recorder.history();
    assertEquals(1600, h.size());
    for (int i = 1; i < h.size(); i++) {
      assertTrue(h.ops().get(i).timeNanos() >= h.ops().get(i - 1).timeNanos());
    }
    // The register starts at 0 here, not absent: seed it with a first write.
    List<Op> seeded = new ArrayList<>();
    seeded.add(new Op(99, OpType.INVOKE, OpFunction.WRITE, "x", 0L, 0, 0));
    seeded.add(new Op(99, OpType.OK, OpFunction.WRITE, "x", 0L, 0, 0));
    seeded.addAll(h.ops());
    assertEquals(Verdict.VALID, new LinearizabilityChecker().check(History.of(seeded)).verdict());
  }
}
