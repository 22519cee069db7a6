package io.meshkit.access.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.meshkit.proto.JoinTokenText;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.internal.v1.ConsumeJoinTokenCommand;
import io.meshkit.proto.internal.v1.IssueJoinTokenCommand;
import io.meshkit.proto.internal.v1.LogEntry;
import io.meshkit.proto.internal.v1.RevokeJoinTokenCommand;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.JoinToken;
import io.meshkit.raft.CommandDispatcher;
import io.meshkit.raft.CommandLimits;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.raft.EntryApplier;
import io.meshkit.raft.MeshStore;
import io.meshkit.raft.ReadView;
import io.meshkit.raft.Table;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Join tokens issued, consumed and revoked on a real store, driven as the state machine drives it:
 * validated, then applied entry by entry with a leader time the test chooses.
 */
class JoinTokenCommandHandlerTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final String ID = "abc123def4";
  private static final byte[] SECRET = JoinTokenText.sha256("the-secret");

  @TempDir
  Path dir;
  private Applied store;

  /** One store and its applier; entries get consecutive indexes and the leader time given. */
  private static final class Applied implements AutoCloseable {
    private final MeshStore store;
    private final CommandDispatcher dispatcher = new CommandDispatcher(List.of(new JoinTokenCommandHandler()),
        CommandLimits.DEFAULTS);
    private final EntryApplier applier = new EntryApplier(dispatcher);
    private long index;

    Applied(Path dir) {
      store = MeshStore.open(dir);
    }

    CommandResult apply(Command command, long leaderTime) throws CommandRejectedException {
      dispatcher.validate(command);
      index++;
      return applier.apply(store, 1, index, LogEntry.newBuilder().setCommand(command)
          .setLeaderTimeUnixMs(leaderTime).build()).result();
    }

    byte[] raw(String id) {
      try (ReadView view = store.readView()) {
        return view.get(Table.ACCESS, JoinTokenRecords.key(id)).orElseThrow();
      }
    }

    List<JoinToken> list() {
      try (ReadView view = store.readView()) {
        return JoinTokenRecords.list(view);
      }
    }

    @Override
    public void close() {
      store.close();
    }
  }

  @BeforeEach
  void open() {
    store = new Applied(dir.resolve("a"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static Command issue(String id, int uses, long ttlMs) {
    return Command.newBuilder().setIssueJoinToken(IssueJoinTokenCommand.newBuilder().setId(id)
        .setSecretSha256(ByteString.copyFrom(SECRET)).setRole("member").setTtlMs(ttlMs).setUsesAllowed(uses)
        .setCreatedBy("alice")).build();
  }

  private static Command consume(String id, byte[] secretHash, String joiner) {
    return Command.newBuilder().setConsumeJoinToken(ConsumeJoinTokenCommand.newBuilder().setId(id)
        .setSecretSha256(ByteString.copyFrom(secretHash)).setJoiner(joiner)).build();
  }

  private static Command revoke(String id) {
    return Command.newBuilder().setRevokeJoinToken(RevokeJoinTokenCommand.newBuilder().setId(id)).build();
  }

  private static JoinToken ok(CommandResult r) {
    assertEquals(ErrorCode.ERROR_CODE_UNSPECIFIED, r.getCode(), r.getMessage());
    return r.getJoinToken();
  }

  private static void refused(CommandResult r, String why) {
    assertEquals(ErrorCode.UNAUTHENTICATED, r.getCode(), r.getMessage());
    assertTrue(r.getMessage().contains(why), "'" + why + "' in: " + r.getMessage());
    assertTrue(r.getMessage().contains("meshctl bootstrap issue"), "a hint in: " + r.getMessage());
  }

  @Test
  void issueStoresTheTokenWithApplyTimesAndOnlyTheSecretsHash() throws Exception {
    JoinToken t = ok(store.apply(issue(ID, 2, 60_000), T0));
    assertEquals(JoinToken.newBuilder().setId(ID).setRole("member").setCreatedUnixMs(T0).setExpiresUnixMs(T0 + 60_000)
        .setUsesAllowed(2).setCreatedBy("alice").build(), t);
    assertEquals(List.of(t), store.list());
    assertFalse(new String(store.raw(ID), java.nio.charset.StandardCharsets.ISO_8859_1).contains("the-secret"));
    assertEquals(ErrorCode.ALREADY_EXISTS, store.apply(issue(ID, 1, 60_000), T0 + 1).getCode());
  }

  @Test
  void consumeCountsUsesAndRefusesTheOneBeyond() throws Exception {
    ok(store.apply(issue(ID, 2, 60_000), T0));
    JoinToken first = ok(store.apply(consume(ID, SECRET, "n4"), T0 + 10));
    assertEquals(1, first.getUses());
    JoinToken second = ok(store.apply(consume(ID, SECRET, "n5"), T0 + 20));
    assertEquals(2, second.getUses());
    assertEquals(List.of("n4", "n5"), second.getJoinedList().stream().map(j -> j.getName()).toList());
    assertEquals(T0 + 20, second.getJoined(1).getAtUnixMs());
    refused(store.apply(consume(ID, SECRET, "n6"), T0 + 30), "used up (2 of 2 joins, last by n5)");
    assertEquals(2, store.list().get(0).getUses(), "a refused join is not counted");
  }

  @Test
  void aSingleUseTokenIsRefusedTheSecondTime() throws Exception {
    ok(store.apply(issue(ID, 1, 60_000), T0));
    ok(store.apply(consume(ID, SECRET, "n4"), T0 + 1));
    refused(store.apply(consume(ID, SECRET, "n4"), T0 + 2), "is used up");
  }

  @Test
  void expiryIsJudgedByApplyTimeAtTheBoundary() throws Exception {
    ok(store.apply(issue(ID, 5, 1_000), T0));
    ok(store.apply(consume(ID, SECRET, "n4"), T0 + 999));
    refused(store.apply(consume(ID, SECRET, "n5"), T0 + 1_000), "expired at " + java.time.Instant.ofEpochMilli(
        T0 + 1_000));
  }

  @Test
  void applyTimeNeverRunsBackwardsSoALaggingLeaderClockCannotRevive() throws Exception {
    ok(store.apply(issue(ID, 5, 1_000), T0));
    ok(store.apply(issue("other1", 1, 60_000), T0 + 5_000));
    // A later entry stamped with an earlier time still applies at T0 + 5000: expired.
    refused(store.apply(consume(ID, SECRET, "n4"), T0 + 10), "expired");
  }

  @Test
  void revokedTokensAreRefusedAndRevokingTwiceIsFine() throws Exception {
    ok(store.apply(issue(ID, 3, 60_000), T0));
    assertTrue(ok(store.apply(revoke(ID), T0 + 1)).getRevoked());
    assertTrue(ok(store.apply(revoke(ID), T0 + 2)).getRevoked());
    refused(store.apply(consume(ID, SECRET, "n4"), T0 + 3), "was revoked");
    assertEquals(ErrorCode.NOT_FOUND, store.apply(revoke("nosuch1"), T0 + 4).getCode());
  }

  @Test
  void aWrongSecretOrAnUnknownIdIsRefused() throws Exception {
    ok(store.apply(issue(ID, 3, 60_000), T0));
    refused(store.apply(consume(ID, JoinTokenText.sha256("guess"), "n4"), T0 + 1), "secret of join token " + ID
        + " is wrong");
    refused(store.apply(consume("unknown1", SECRET, "n4"), T0 + 2), "join token unknown1 is unknown");
    assertEquals(0, store.list().get(0).getUses());
  }

  @Test
  void badCommandsAreRefusedBeforeTheLog() {
    CommandRejectedException ttl = assertThrows(CommandRejectedException.class,
        () -> store.apply(issue(ID, 1, 8L * 24 * 3600 * 1000), T0));
    assertEquals(ErrorCode.INVALID_ARGUMENT, ttl.code());
    assertTrue(ttl.getMessage().contains("lifetime"), ttl.getMessage());
    assertThrows(CommandRejectedException.class, () -> store.apply(issue(ID, 0, 60_000), T0));
    assertThrows(CommandRejectedException.class, () -> store.apply(issue("BAD ID", 1, 60_000), T0));
    assertThrows(CommandRejectedException.class, () -> store.apply(consume(ID, new byte[5], "n4"), T0));
    assertThrows(CommandRejectedException.class, () -> store.apply(consume(ID, SECRET, "bad name!"), T0));
    assertThrows(CommandRejectedException.class, () -> store.apply(Command.newBuilder().setIssueJoinToken(
        issue(ID, 1, 60_000).getIssueJoinToken().toBuilder().setRole("ro le")).build(), T0));
  }

  @Test
  void theSameEntriesOnTwoFreshStoresLeaveTheSameBytes() throws Exception {
    try (Applied other = new Applied(dir.resolve("b"))) {
      List<Command> entries = List.of(issue(ID, 2, 60_000), consume(ID, SECRET, "n4"),
          consume(ID, JoinTokenText.sha256("x"), "n5"), revoke(ID), consume(ID, SECRET, "n6"));
      long time = T0;
      for (Command c : entries) {
        time += 7;
        assertArrayEquals(store.apply(c, time).toByteArray(), other.apply(c, time).toByteArray(), c.getCmdCase()
            + " result");
      }
      assertArrayEquals(store.raw(ID), other.raw(ID));
    }
  }
}
