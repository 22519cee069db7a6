package io.meshkit.jepsen.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.jepsen.HistoryRecorder;
import io.meshkit.jepsen.Op;
import io.meshkit.jepsen.OpFunction;
import io.meshkit.jepsen.Verdict;
import io.meshkit.jepsen.report.CheckSection;
import java.util.List;
import org.junit.jupiter.api.Test;

class SetWorkloadTest {

  /** The shape of the client bug the suite found: an add reported as failed, yet applied. */
  @Test
  void anAddRecordedAsFailedThatShowsUpIsReportedWithItsRecords() {
    HistoryRecorder recorder = new HistoryRecorder();
    recorder.ok(recorder.invoke(0, OpFunction.ADD, null, 1L), 1L);
    recorder.fail(recorder.invoke(1, OpFunction.ADD, null, 2L), "UNAVAILABLE: cannot connect");
    Op read = recorder.invoke(2, OpFunction.READ, null, null);
    recorder.ok(read, List.of(1L, 2L));

    CheckSection section = new SetWorkload().check(recorder.history(), null).get(0);

    assertEquals(Verdict.INVALID, section.verdict());
    assertEquals(List.of("1 elements never added: [2]"), section.anomalies());
    assertTrue(section.detail().contains("p1 fail add 2 (UNAVAILABLE: cannot connect)"), section.detail());
  }

  @Test
  void everyAcknowledgedAddPresentIsValid() {
    HistoryRecorder recorder = new HistoryRecorder();
    recorder.ok(recorder.invoke(0, OpFunction.ADD, null, 1L), 1L);
    recorder.info(recorder.invoke(1, OpFunction.ADD, null, 2L), "TIMEOUT");
    recorder.ok(recorder.invoke(2, OpFunction.READ, null, null), List.of(1L));

    CheckSection section = new SetWorkload().check(recorder.history(), null).get(0);

    assertEquals(Verdict.VALID, section.verdict(), section.anomalies().toString());
  }
}
