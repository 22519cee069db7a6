package io.meshkit.access.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.meshkit.proto.internal.v1.AuthSwitchCommand;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.internal.v1.LogEntry;
import io.meshkit.proto.internal.v1.PutTokenCommand;
import io.meshkit.proto.v1.Access;
import io.meshkit.proto.v1.AuthToken;
import io.meshkit.proto.v1.DeleteRoleRequest;
import io.meshkit.proto.v1.DeleteUserRequest;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Permission;
import io.meshkit.proto.v1.PutRoleRequest;
import io.meshkit.proto.v1.PutUserRequest;
import io.meshkit.proto.v1.RevokeTokenRequest;
import io.meshkit.proto.v1.Role;
import io.meshkit.proto.v1.User;
import io.meshkit.raft.CommandDispatcher;
import io.meshkit.raft.CommandLimits;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.raft.EntryApplier;
import io.meshkit.raft.MeshStore;
import io.meshkit.raft.ReadView;
import io.meshkit.raft.edge.Caller;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RBAC's apply on a real store, driven like the state machine drives it (no Ratis). */
class AccessCommandHandlerTest {
  @TempDir
  Path dir;
  private final CommandDispatcher dispatcher = new CommandDispatcher(List.of(new AccessCommandHandler()),
      CommandLimits.DEFAULTS);
  private final EntryApplier applier = new EntryApplier(dispatcher);
  private MeshStore store;
  private long index;

  @BeforeEach
  void open() {
    store = MeshStore.open(dir.resolve("store"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private CommandResult apply(Command command) throws CommandRejectedException {
    dispatcher.validate(command);
    index++;
    return applier.apply(store, 1, index, LogEntry.newBuilder().setCommand(command).setLeaderTimeUnixMs(1000 * index)
        .build()).result();
  }

  private AccessState state() {
    try (ReadView view = store.readView()) {
      return AccessState.load(view);
    }
  }

  private static Command role(String name, String api, Access access, String prefix) {
    return Command.newBuilder().setPutRole(PutRoleRequest.newBuilder().setRole(Role.newBuilder().setName(name)
        .addPermissions(Permission.newBuilder().setApi(api).setAccess(access).setPrefix(prefix)))).build();
  }

  private static Command user(String name, String... roles) {
    return Command.newBuilder().setPutUser(PutUserRequest.newBuilder().setUser(User.newBuilder().setName(name)
        .addAllRoles(List.of(roles)))).build();
  }

  private static Command token(String id, String user, long ttlMs) {
    return Command.newBuilder().setPutToken(PutTokenCommand.newBuilder().setToken(AuthToken.newBuilder().setId(id)
        .setUser(user)).setSecretSha256(ByteString.copyFrom(BearerTokens.sha256("s"))).setTtlMs(ttlMs)).build();
  }

  @Test
  void rolesUsersAndTokensAreStoredAndGrantAccess() throws Exception {
    apply(role("app-writer", "kv", Access.WRITE, "app/"));
    apply(user("alice", "app-writer", "viewer"));
    CommandResult made = apply(token("abcdefgh12345678", "alice", 5000));
    assertEquals(3000, made.getAuthToken().getCreatedUnixMs(), "created at the entry's apply time");
    assertEquals(8000, made.getAuthToken().getExpiresUnixMs());
    apply(Command.newBuilder().setAuthSwitch(AuthSwitchCommand.newBuilder().setEnabled(true)).build());

    AccessState state = state();
    assertTrue(state.enabled());
    Caller alice = new Caller("alice", List.of(), Caller.Kind.CERTIFICATE, "");
    assertEquals(Set.of("app-writer", "viewer"), state.rolesOf(alice));
    assertTrue(state.allows(state.rolesOf(alice), List.of(Requirement.of(Apis.KV, Access.WRITE, "app/1"))));
    assertFalse(state.allows(state.rolesOf(alice), List.of(Requirement.of(Apis.KV, Access.WRITE, "b"))));
    assertTrue(state.allows(state.rolesOf(alice), List.of(Requirement.of(Apis.KV, Access.READ, "b"))), "viewer");
    assertEquals("alice", state.token("abcdefgh12345678").orElseThrow().getToken().getUser());
    Caller bob = new Caller("bob", List.of("operator", "no-such-role"), Caller.Kind.CERTIFICATE, "");
    assertEquals(Set.of("operator"), state.rolesOf(bob), "certificate groups that name roles");
    assertEquals(Set.of(), state.rolesOf(Caller.anonymous("")));
  }

  @Test
  void consistencyIsKeptInApply() throws Exception {
    assertEquals(ErrorCode.NOT_FOUND, apply(user("alice", "ghost")).getCode(), "a user with a missing role");
    assertEquals(ErrorCode.NOT_FOUND, apply(token("abcdefgh12345678", "nobody", 1000)).getCode(), "token, no user");
    apply(role("r", "kv", Access.READ, ""));
    apply(user("alice", "r"));
    CommandResult held = apply(Command.newBuilder().setDeleteRole(DeleteRoleRequest.newBuilder().setName("r")).build());
    assertEquals(ErrorCode.FAILED_PRECONDITION, held.getCode());
    assertTrue(held.getMessage().contains("alice"), held.getMessage());
    assertEquals(ErrorCode.FAILED_PRECONDITION, apply(Command.newBuilder().setDeleteRole(DeleteRoleRequest
        .newBuilder().setName("admin")).build()).getCode(), "built in");
    apply(token("abcdefgh12345678", "alice", 1000));
    assertEquals(ErrorCode.ALREADY_EXISTS, apply(token("abcdefgh12345678", "alice", 1000)).getCode());
    apply(Command.newBuilder().setDeleteUser(DeleteUserRequest.newBuilder().setName("alice")).build());
    assertTrue(state().token("abcdefgh12345678").isEmpty(), "a deleted user's tokens go with it");
    assertEquals(ErrorCode.NOT_FOUND, apply(Command.newBuilder().setRevokeToken(RevokeTokenRequest.newBuilder()
        .setId("abcdefgh12345678")).build()).getCode());
    apply(Command.newBuilder().setDeleteRole(DeleteRoleRequest.newBuilder().setName("r")).build());
    assertTrue(state().role("r").isEmpty());
  }

  @Test
  void badRequestsAreRefusedBeforeTheLog() {
    assertThrows(CommandRejectedException.class, () -> apply(role("admin", "kv", Access.READ, "")), "built in");
    assertThrows(CommandRejectedException.class, () -> apply(role("Bad Name", "kv", Access.READ, "")));
    assertThrows(CommandRejectedException.class, () -> apply(role("r", "nosuchapi", Access.READ, "")));
    assertThrows(CommandRejectedException.class, () -> apply(role("r", "lease", Access.READ, "x")), "no resources");
    assertThrows(CommandRejectedException.class, () -> apply(role("r", "kv", Access.ACCESS_UNSPECIFIED, "")));
    assertThrows(CommandRejectedException.class, () -> apply(user(" alice")));
    assertThrows(CommandRejectedException.class, () -> apply(user("alice", "r", "r")));
    assertThrows(CommandRejectedException.class, () -> apply(token("short", "alice", 1000)));
    assertThrows(CommandRejectedException.class, () -> apply(token("abcdefgh12345678", "alice", 0)));
  }
}
