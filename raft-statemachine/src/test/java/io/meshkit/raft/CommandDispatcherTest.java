package io.meshkit.raft;

import static io.meshkit.raft.TestData.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.internal.v1.CompactCommand;
import io.meshkit.proto.internal.v1.LogEntry;
import io.meshkit.proto.v1.DeleteRangeRequest;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.PutRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandDispatcherTest {
  private static final CommandLimits SMALL = new CommandLimits(64, 256, 8, 200);

  @TempDir
  Path dir;

  /** Owns PUT: writes the key and emits an event; a value "fail" is a business failure. */
  static final class PutHandler implements CommandHandler {
    final AtomicInteger validated = new AtomicInteger();

    @Override
    public Set<Command.CmdCase> commands() {
      return Set.of(Command.CmdCase.PUT);
    }

    @Override
    public void validate(Command command, CommandLimits limits) {
      validated.incrementAndGet();
    }

    @Override
    public CommandResult apply(ApplyContext context, Command command) {
      PutRequest put = command.getPut();
      context.put(Table.KV, put.getKey().toByteArray(), put.getValue().toByteArray());
      context.emit(Table.KV, TestData.putEvent(put.getKey().toStringUtf8(), context.revision()));
      if (put.getValue().toStringUtf8().equals("fail")) {
        return CommandResult.newBuilder().setCode(ErrorCode.FENCED).setMessage("no").build();
      }
      if (put.getValue().toStringUtf8().equals("throw")) {
        throw new CommandFailure(ErrorCode.NOT_FOUND, "thrown mid-apply");
      }
      return CommandResult.getDefaultInstance();
    }
  }

  /** Claims PUT and DELETE_RANGE. */
  static final class GreedyHandler implements CommandHandler {
    @Override
    public Set<Command.CmdCase> commands() {
      return Set.of(Command.CmdCase.DELETE_RANGE, Command.CmdCase.PUT);
    }

    @Override
    public CommandResult apply(ApplyContext context, Command command) {
      return CommandResult.getDefaultInstance();
    }
  }

  private static Command put(String key, String value) {
    return Command.newBuilder().setPut(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(key))
        .setValue(ByteString.copyFromUtf8(value))).build();
  }

  private static Command compact(long revision) {
    return Command.newBuilder().setCompact(CompactCommand.newBuilder().setRevision(revision)).build();
  }

  @Test
  void twoHandlersClaimingTheSameCaseAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new CommandDispatcher(List.of(new PutHandler(), new GreedyHandler()), SMALL));
    assertTrue(e.getMessage().contains("PUT"), e.getMessage());
    assertTrue(e.getMessage().contains("PutHandler") && e.getMessage().contains("GreedyHandler"), e.getMessage());
  }

  @Test
  void aDomainHandlerCannotClaimTheBuiltInCompaction() {
    CommandHandler compactor = new CommandHandler() {
      @Override
      public Set<Command.CmdCase> commands() {
        return Set.of(Command.CmdCase.COMPACT);
      }

      @Override
      public CommandResult apply(ApplyContext context, Command command) {
        return CommandResult.getDefaultInstance();
      }
    };
    assertThrows(IllegalArgumentException.class, () -> new CommandDispatcher(List.of(compactor), SMALL));
  }

  @Test
  void oversizedCommandIsRejectedBeforeItsHandlerSeesIt() throws Exception {
    PutHandler handler = new PutHandler();
    CommandDispatcher dispatcher = new CommandDispatcher(List.of(handler), SMALL);
    assertEquals(SMALL, dispatcher.limits());

    Command big = put("k", "x".repeat(300));
    assertTrue(big.getSerializedSize() > SMALL.maxCommandBytes());
    CommandRejectedException e = assertThrows(CommandRejectedException.class, () -> dispatcher.validate(big));
    assertEquals(ErrorCode.REQUEST_TOO_LARGE, e.code());
    assertTrue(e.getMessage().contains(String.valueOf(big.getSerializedSize())), e.getMessage());
    assertTrue(!e.hint().isEmpty());
    assertEquals(0, handler.validated.get());

    // Exactly at the limit is accepted and reaches the handler's own checks.
    String value = "x".repeat(300);
    Command atLimit = put("k", value);
    while (atLimit.getSerializedSize() > SMALL.maxCommandBytes()) {
      value = value.substring(1);
      atLimit = put("k", value);
    }
    assertEquals(SMALL.maxCommandBytes(), atLimit.getSerializedSize());
    dispatcher.validate(atLimit);
    assertEquals(1, handler.validated.get());
  }

  @Test
  void unknownCommandCaseIsAnInternalFailure() throws Exception {
    CommandDispatcher dispatcher = new CommandDispatcher(List.of(new PutHandler()), SMALL);
    Command deleteRange = Command.newBuilder()
        .setDeleteRange(DeleteRangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("k"))).build();
    try (MeshStore store = MeshStore.open(dir.resolve("db"))) {
      EntryBatch batch = store.newBatch(1, 1, 1);
      StoreException e = assertThrows(StoreException.class, () -> dispatcher.apply(batch, deleteRange));
      assertTrue(e.getMessage().contains("DELETE_RANGE"), e.getMessage());
      assertThrows(StoreException.class, () -> dispatcher.apply(batch, Command.getDefaultInstance()));
      assertThrows(StoreException.class, () -> dispatcher.validate(deleteRange));
      // The applier lets it escape (the node must stop) and records nothing.
      EntryApplier applier = new EntryApplier(dispatcher);
      assertThrows(StoreException.class, () -> applier.apply(store, 1, 1,
          LogEntry.newBuilder().setCommand(deleteRange).build()));
      assertEquals(0, store.applied().getIndex());
    }
  }

  @Test
  void compactionIsValidatedAndAppliedByTheBuiltInHandler() throws Exception {
    CommandDispatcher dispatcher = new CommandDispatcher(List.of(), SMALL);
    CommandRejectedException e = assertThrows(CommandRejectedException.class, () -> dispatcher.validate(compact(0)));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    dispatcher.validate(compact(1));

    try (MeshStore store = MeshStore.open(dir.resolve("db"))) {
      for (long rev = 1; rev <= 4; rev++) {
        TestData.commitRevision(store, rev, "k");
      }
      EntryApplier applier = new EntryApplier(dispatcher);
      EntryApplier.Outcome future = applier.apply(store, 1, 5, LogEntry.newBuilder().setCommand(compact(6)).build());
      assertEquals(ErrorCode.FUTURE_REVISION, future.result().getCode());
      assertEquals(0, store.applied().getCompactRevision());
      assertEquals(5, store.applied().getIndex(), "a business failure is still an applied entry");

      EntryApplier.Outcome done = applier.apply(store, 1, 6, LogEntry.newBuilder().setCommand(compact(3)).build());
      assertEquals(ErrorCode.ERROR_CODE_UNSPECIFIED, done.result().getCode());
      assertEquals(3, done.result().getCompact().getCompactRevision());
      assertEquals(6, done.result().getRevision());
      assertEquals(3, store.applied().getCompactRevision());
    }
  }

  @Test
  void applierDiscardsFailedEntriesSkipsReplaysAndKeepsApplyTimeMonotonic() throws Exception {
    CommandDispatcher dispatcher = new CommandDispatcher(List.of(new PutHandler()), SMALL);
    EntryApplier applier = new EntryApplier(dispatcher);
    try (MeshStore store = MeshStore.open(dir.resolve("db"))) {
      EntryApplier.Outcome ok = applier.apply(store, 1, 1,
          LogEntry.newBuilder().setCommand(put("a", "1")).setLeaderTimeUnixMs(5_000).build());
      assertEquals(1, ok.events().size());
      assertEquals(1, ok.result().getRevision());

      EntryApplier.Outcome failed = applier.apply(store, 1, 2,
          LogEntry.newBuilder().setCommand(put("b", "fail")).setLeaderTimeUnixMs(4_000).build());
      assertEquals(ErrorCode.FENCED, failed.result().getCode());
      assertEquals(List.of(), failed.events());
      assertEquals(2, store.applied().getIndex());
      assertEquals(5_000, store.applied().getApplyTimeUnixMs(), "apply time never runs backwards");

      EntryApplier.Outcome replay = applier.apply(store, 1, 1,
          LogEntry.newBuilder().setCommand(put("a", "replayed")).build());
      assertTrue(replay.skipped());
      try (ReadView view = store.readView()) {
        assertEquals("1", TestData.s(view.get(Table.KV, b("a")).orElseThrow()));
        assertTrue(view.get(Table.KV, b("b")).isEmpty());
        assertEquals(List.of(1L), eventRevisions(view));
      }
    }
  }

  /** Found by the Jepsen watch workload: a resent proposal logged twice must apply once. */
  @Test
  void aProposalLoggedTwiceAppliesOnceAndTheRepeatAnswersWithTheFirstResult() throws Exception {
    EntryApplier applier = new EntryApplier(new CommandDispatcher(List.of(new PutHandler()), SMALL));
    Command proposal = put("w", "1").toBuilder().setProposalId(ByteString.copyFromUtf8("proposal-0000001")).build();
    try (MeshStore store = MeshStore.open(dir.resolve("db"))) {
      EntryApplier.Outcome first = applier.apply(store, 1, 1,
          LogEntry.newBuilder().setCommand(proposal).setLeaderTimeUnixMs(1_000).build());
      applier.apply(store, 1, 2, LogEntry.newBuilder().setCommand(put("w", "2")).setLeaderTimeUnixMs(2_000).build());
      EntryApplier.Outcome repeat = applier.apply(store, 2, 3,
          LogEntry.newBuilder().setCommand(proposal).setLeaderTimeUnixMs(3_000).build());

      assertEquals(1, first.result().getRevision());
      assertEquals(1, repeat.result().getRevision(), "the repeat answers with the first application's revision");
      assertEquals(List.of(), repeat.events(), "the repeat changes nothing");
      try (ReadView view = store.readView()) {
        assertEquals("2", TestData.s(view.get(Table.KV, b("w")).orElseThrow()), "the later write stands");
        assertEquals(List.of(1L, 2L), eventRevisions(view));
      }

      // Past the retention the record is pruned (a few per applied entry).
      applier.apply(store, 2, 4, LogEntry.newBuilder().setCommand(put("x", "1"))
          .setLeaderTimeUnixMs(1_000 + ProposalLog.RETENTION_MS + 1).build());
      try (ReadView view = store.readView()) {
        assertTrue(view.get(Table.PROPOSALS, proposal.getProposalId().toByteArray()).isEmpty());
      }
    }
  }

  /**
   * Pruning walks the records in expiry order from a stored watermark: every expired record goes,
   * none younger than the retention, and a prune never restarts from the first key (where the
   * deletion markers of earlier prunes pile up).
   */
  @Test
  void pruningResumesAtItsWatermarkAndRemovesExactlyTheExpiredRecords() throws Exception {
    EntryApplier applier = new EntryApplier(new CommandDispatcher(List.of(new PutHandler()), SMALL));
    try (MeshStore store = MeshStore.open(dir.resolve("db"))) {
      long index = 0;
      // 40 proposals, one per ms of apply time from t = 1000.
      for (int i = 0; i < 40; i++) {
        applier.apply(store, 1, ++index, LogEntry.newBuilder().setCommand(put("k" + i, "v").toBuilder()
            .setProposalId(ByteString.copyFromUtf8(String.format("proposal-%07d", i)))).setLeaderTimeUnixMs(1_000 + i)
            .build());
      }
      // Apply time moves to where the first 30 are expired; 4 are pruned per entry, so 10 entries suffice.
      long now = 1_000 + 30 + ProposalLog.RETENTION_MS;
      for (int i = 0; i < 10; i++) {
        applier.apply(store, 1, ++index, LogEntry.newBuilder().setCommand(put("x", "v")).setLeaderTimeUnixMs(now).build());
      }
      try (ReadView view = store.readView()) {
        for (int i = 0; i < 40; i++) {
          boolean kept = view.get(Table.PROPOSALS, ByteString.copyFromUtf8(String.format("proposal-%07d", i))
              .toByteArray()).isPresent();
          assertEquals(i >= 30, kept, "proposal " + i + (i >= 30 ? " is within the retention" : " expired"));
        }
        List<byte[]> records = new java.util.ArrayList<>();
        view.scan(Table.PROPOSAL_EXPIRY, new byte[] {0}, null, (k, v) -> records.add(k));
        assertEquals(10, records.size(), "the expiry index holds exactly the ten live records");
        assertTrue(view.get(Table.PROPOSAL_EXPIRY, new byte[0]).isPresent(), "the watermark is stored");
      }
    }
  }

  @Test
  void aCommandFailureThrownByAHandlerIsABusinessResultAndItsWritesAreDiscarded() throws Exception {
    EntryApplier applier = new EntryApplier(new CommandDispatcher(List.of(new PutHandler()), SMALL));
    try (MeshStore store = MeshStore.open(dir.resolve("db"))) {
      EntryApplier.Outcome failed = applier.apply(store, 1, 1,
          LogEntry.newBuilder().setCommand(put("c", "throw")).build());
      assertEquals(ErrorCode.NOT_FOUND, failed.result().getCode());
      assertEquals("thrown mid-apply", failed.result().getMessage());
      assertEquals(List.of(), failed.events());
      assertEquals(1, store.applied().getIndex(), "the entry still counts as applied");
      try (ReadView view = store.readView()) {
        assertTrue(view.get(Table.KV, b("c")).isEmpty());
      }
    }
  }

  private static List<Long> eventRevisions(ReadView view) {
    List<Long> out = new java.util.ArrayList<>();
    view.scan(Table.EVENTS, null, null, (k, v) -> out.add(EventKeys.revisionOf(k)));
    return out;
  }
}
