package io.meshkit.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Raft log write that failed (Ratis calls {@code notifyLogFailed} from its log worker when a write
 * throws, then closes the member's group) stops the member through the same path as a failed apply;
 * a write interrupted by the member's own shutdown does not.
 */
class LogFailureTest {
  @TempDir
  Path dir;

  @Test
  void aFailedLogWriteStopsTheMemberAnInterruptedOneDoesNot() {
    List<Throwable> fatal = new ArrayList<>();
    MeshStateMachine sm = new MeshStateMachine(dir, new CommandDispatcher(List.of(), CommandLimits.DEFAULTS),
        Clock.systemUTC(), Runnable::run, 16, fatal::add, StateMachineListener.NONE);
    LogEntryProto entry = LogEntryProto.newBuilder().setIndex(42).setTerm(3).build();

    sm.notifyLogFailed(new ClosedByInterruptException(), entry);
    sm.notifyLogFailed(new IOException("flush cut short", new InterruptedIOException()), null);
    assertEquals(List.of(), fatal);

    IOException full = new IOException("No space left on device");
    sm.notifyLogFailed(full, entry);
    assertEquals(1, fatal.size());
    assertSame(full, fatal.get(0));
  }
}
