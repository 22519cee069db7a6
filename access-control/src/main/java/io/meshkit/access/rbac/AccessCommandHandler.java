package io.meshkit.access.rbac;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.internal.v1.PutTokenCommand;
import io.meshkit.proto.internal.v1.StoredAuthSettings;
import io.meshkit.proto.internal.v1.StoredAuthToken;
import io.meshkit.proto.v1.AuthToken;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Event;
import io.meshkit.proto.v1.KeyValue;
import io.meshkit.proto.v1.Role;
import io.meshkit.proto.v1.User;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.CommandFailure;
import io.meshkit.raft.CommandHandler;
import io.meshkit.raft.CommandLimits;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.raft.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * RBAC's replicated commands (600s): switch enforcement, put and delete custom roles and users, put
 * and revoke bearer tokens. Apply keeps the records consistent: a user holds only roles that exist, a
 * role still held cannot be deleted, a token belongs to an existing user and goes with it. Every
 * change is emitted on {@link Table#ACCESS} so each member's {@link AccessView} follows.
 */
public final class AccessCommandHandler implements CommandHandler {
  private static final Set<Command.CmdCase> COMMANDS = Set.of(Command.CmdCase.AUTH_SWITCH, Command.CmdCase.PUT_ROLE,
      Command.CmdCase.DELETE_ROLE, Command.CmdCase.PUT_USER, Command.CmdCase.DELETE_USER, Command.CmdCase.PUT_TOKEN,
      Command.CmdCase.REVOKE_TOKEN);

  @Override
  public Set<Command.CmdCase> commands() {
    return COMMANDS;
  }

  @Override
  public void validate(Command command, CommandLimits limits) throws CommandRejectedException {
    switch (command.getCmdCase()) {
      case AUTH_SWITCH -> { }
      case PUT_ROLE -> AccessValidation.role(command.getPutRole().getRole());
      case DELETE_ROLE -> AccessValidation.roleName(command.getDeleteRole().getName());
      case PUT_USER -> AccessValidation.user(command.getPutUser().getUser());
      case DELETE_USER -> AccessValidation.userName(command.getDeleteUser().getName());
      case PUT_TOKEN -> {
        PutTokenCommand t = command.getPutToken();
        AccessValidation.tokenId(t.getToken().getId());
        AccessValidation.userName(t.getToken().getUser());
        AccessValidation.ttl(t.getTtlMs());
        if (t.getSecretSha256().size() != 32) {
          throw new CommandRejectedException(ErrorCode.INVALID_ARGUMENT, "a token without its secret's SHA-256",
              "tokens are made by the Auth.CreateToken call");
        }
      }
      case REVOKE_TOKEN -> AccessValidation.tokenId(command.getRevokeToken().getId());
      default -> throw new IllegalArgumentException("not an RBAC command: " + command.getCmdCase());
    }
  }

  @Override
  public CommandResult apply(ApplyContext context, Command command) {
    AccessState state = AccessState.load(context);
    switch (command.getCmdCase()) {
      case AUTH_SWITCH -> put(context, AccessKeys.SETTINGS,
          StoredAuthSettings.newBuilder().setEnabled(command.getAuthSwitch().getEnabled()).build());
      case PUT_ROLE -> {
        Role role = command.getPutRole().getRole();
        put(context, AccessKeys.role(role.getName()), role);
      }
      case DELETE_ROLE -> deleteRole(context, state, command.getDeleteRole().getName());
      case PUT_USER -> putUser(context, state, command.getPutUser().getUser());
      case DELETE_USER -> deleteUser(context, state, command.getDeleteUser().getName());
      case PUT_TOKEN -> {
        return CommandResult.newBuilder().setAuthToken(putToken(context, state, command.getPutToken())).build();
      }
      case REVOKE_TOKEN -> {
        String id = command.getRevokeToken().getId();
        if (state.token(id).isEmpty()) {
          throw new CommandFailure(ErrorCode.NOT_FOUND, "no token " + id);
        }
        delete(context, AccessKeys.token(id));
      }
      default -> throw new IllegalStateException("not an RBAC command: " + command.getCmdCase());
    }
    return CommandResult.getDefaultInstance();
  }

  private static void deleteRole(ApplyContext context, AccessState state, String name) {
    if (BuiltinRoles.isBuiltin(name)) {
      throw new CommandFailure(ErrorCode.FAILED_PRECONDITION, "role " + name + " is built in and cannot be deleted");
    }
    if (state.role(name).isEmpty()) {
      throw new CommandFailure(ErrorCode.NOT_FOUND, "no role " + name);
    }
    List<String> holders = new ArrayList<>();
    for (User u : state.users()) {
      if (u.getRolesList().contains(name)) {
        holders.add(u.getName());
      }
    }
    if (!holders.isEmpty()) {
      throw new CommandFailure(ErrorCode.FAILED_PRECONDITION, "role " + name + " is still held by "
          + String.join(", ", holders) + "; take it from them first (meshctl auth user put NAME --role ...)");
    }
    delete(context, AccessKeys.role(name));
  }

  private static void putUser(ApplyContext context, AccessState state, User user) {
    for (String role : user.getRolesList()) {
      if (state.role(role).isEmpty()) {
        throw new CommandFailure(ErrorCode.NOT_FOUND, "no role " + role + " (user " + user.getName()
            + "); create it first: meshctl auth role put " + role + " --grant ...");
      }
    }
    put(context, AccessKeys.user(user.getName()), user);
  }

  private static void deleteUser(ApplyContext context, AccessState state, String name) {
    if (state.user(name).isEmpty()) {
      throw new CommandFailure(ErrorCode.NOT_FOUND, "no user " + name);
    }
    for (StoredAuthToken t : state.tokens()) {
      if (t.getToken().getUser().equals(name)) {
        delete(context, AccessKeys.token(t.getToken().getId()));
      }
    }
    delete(context, AccessKeys.user(name));
  }

  private static AuthToken putToken(ApplyContext context, AccessState state, PutTokenCommand command) {
    AuthToken asked = command.getToken();
    if (state.user(asked.getUser()).isEmpty()) {
      throw new CommandFailure(ErrorCode.NOT_FOUND, "no user " + asked.getUser()
          + "; create it first: meshctl auth user put " + asked.getUser() + " --role ROLE");
    }
    if (state.token(asked.getId()).isPresent()) {
      throw new CommandFailure(ErrorCode.ALREADY_EXISTS, "token " + asked.getId() + " exists");
    }
    long now = context.applyTimeMillis();
    AuthToken token = asked.toBuilder().setCreatedUnixMs(now).setExpiresUnixMs(now + command.getTtlMs()).build();
    put(context, AccessKeys.token(token.getId()),
        StoredAuthToken.newBuilder().setToken(token).setSecretSha256(command.getSecretSha256()).build());
    return token;
  }

  private static void put(ApplyContext context, byte[] key, Message value) {
    byte[] bytes = value.toByteArray();
    context.put(Table.ACCESS, key, bytes);
    context.emit(Table.ACCESS, Event.newBuilder().setType(Event.EventType.PUT).setKv(KeyValue.newBuilder()
        .setKey(ByteString.copyFrom(key)).setModRevision(context.revision())).build());
  }

  private static void delete(ApplyContext context, byte[] key) {
    context.delete(Table.ACCESS, key);
    context.emit(Table.ACCESS, Event.newBuilder().setType(Event.EventType.DELETE).setKv(KeyValue.newBuilder()
        .setKey(ByteString.copyFrom(key)).setModRevision(context.revision())).build());
  }
}
