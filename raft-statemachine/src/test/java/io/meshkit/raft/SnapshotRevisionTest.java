package io.meshkit.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.LogEntry;
import io.meshkit.proto.internal.v1.ReadBarrierCommand;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The revision a member reports for a state is the index of the last entry its state machine
 * applied, whatever else its Raft log holds and whenever it snapshots. Ratis applies some entries
 * without the state machine (the leader's commit-index metadata after most commits, configuration
 * entries); each member snapshots on its own schedule. A snapshot taken after such an entry once
 * moved the snapshotting member's revision to that entry's index, so two members answered the same
 * state at different revisions and a client saw the revision go back when it moved to the other
 * (found by the Jepsen rebalance workload: one member answered 14020, another 14019, same state).
 */
class SnapshotRevisionTest {
  private static final Command BARRIER =
      Command.newBuilder().setReadBarrier(ReadBarrierCommand.getDefaultInstance()).build();

  @TempDir
  Path dir;

  private MeshStateMachine open() throws IOException {
    MeshStateMachine sm = new MeshStateMachine(dir, new CommandDispatcher(List.of(), CommandLimits.DEFAULTS),
        Clock.systemUTC(), Runnable::run, 16, e -> {
          throw new AssertionError("the member would stop", e);
        }, StateMachineListener.NONE);
    sm.initialize(IDENTITY, RaftGroupId.randomId(), null);
    return sm;
  }

  /** The state machine asks its server only for its id (to name itself); nothing else runs here. */
  private static final RaftServer IDENTITY = (RaftServer) Proxy.newProxyInstance(
      RaftServer.class.getClassLoader(), new Class<?>[] {RaftServer.class}, (proxy, method, args) -> {
        if (method.getName().equals("getId")) {
          return RaftPeerId.valueOf("n1");
        }
        throw new UnsupportedOperationException(method.getName() + " is not needed by this test");
      });

  /** Applies a state machine entry at {@code index}, as a follower does. */
  private static void apply(MeshStateMachine sm, long term, long index) {
    LogEntry logged = LogEntry.newBuilder().setCommand(BARRIER).setLeaderTimeUnixMs(1_000 + index).build();
    LogEntryProto entry = LogEntryProto.newBuilder().setTerm(term).setIndex(index)
        .setStateMachineLogEntry(StateMachineLogEntryProto.newBuilder()
            .setLogData(ByteString.copyFrom(logged.toByteArray())))
        .build();
    sm.applyTransaction(TransactionContext.newBuilder().setServerRole(RaftPeerRole.FOLLOWER).setStateMachine(sm)
        .setLogEntry(entry).build()).join();
  }

  private static long revision(MeshStateMachine sm) {
    try (ReadView view = sm.openView()) {
      return view.revision();
    }
  }

  @Test
  void aSnapshotAfterAnEntryRatisAppliedAloneKeepsTheRevision() throws IOException {
    MeshStateMachine sm = open();
    apply(sm, 2, 1);
    apply(sm, 2, 2);
    sm.notifyTermIndexUpdated(3, 3);  // e.g. a new leader's configuration entry, or commit metadata
    assertEquals(2, revision(sm), "an entry that changed nothing is no new revision");

    assertEquals(3, sm.takeSnapshot(), "the snapshot covers the log up to the last applied entry");
    assertEquals(2, revision(sm), "the member that snapshots reports what the others report");

    sm.close();
    MeshStateMachine reopened = open();
    assertEquals(3, reopened.getLastAppliedTermIndex().getIndex(), "restarted from the snapshot");
    try (ReadView view = reopened.openView()) {
      assertEquals(2, view.revision(), "with the revision it had");
      assertEquals(3, MeshStore.logIndex(view.appliedState()), "and the snapshot's log index");
    }
    apply(reopened, 3, 4);
    assertEquals(4, revision(reopened), "the next entry is applied, not taken for a replay");
    reopened.close();
  }
}
