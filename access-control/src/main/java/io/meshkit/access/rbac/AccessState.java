package io.meshkit.access.rbac;

import com.google.protobuf.InvalidProtocolBufferException;
import io.meshkit.proto.internal.v1.StoredAuthSettings;
import io.meshkit.proto.internal.v1.StoredAuthToken;
import io.meshkit.proto.v1.Access;
import io.meshkit.proto.v1.Permission;
import io.meshkit.proto.v1.Role;
import io.meshkit.proto.v1.User;
import io.meshkit.raft.KeyValueReader;
import io.meshkit.raft.StoreException;
import io.meshkit.raft.Table;
import io.meshkit.raft.edge.Caller;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The access control records at one revision, in memory: whether enforcement is on, the custom
 * roles, the users and the tokens. Immutable; {@link AccessView} swaps in a new one after each change.
 *
 * <p>A caller's roles: those of the user record with its name, plus each of its certificate groups
 * (O values) that names a role — so a certificate with O=operator is an operator without a user
 * record, the way join tokens issue them.
 */
public final class AccessState {
  static final AccessState EMPTY = new AccessState(false, Map.of(), Map.of(), Map.of(), 0);

  private final boolean enabled;
  private final Map<String, Role> roles;
  private final Map<String, User> users;
  private final Map<String, StoredAuthToken> tokens;
  private final long revision;

  private AccessState(boolean enabled, Map<String, Role> roles, Map<String, User> users,
      Map<String, StoredAuthToken> tokens, long revision) {
    this.enabled = enabled;
    this.roles = roles;
    this.users = users;
    this.tokens = tokens;
    this.revision = revision;
  }

  /** Reads every RBAC record of {@code reader}. */
  public static AccessState load(KeyValueReader reader) {
    Map<String, Role> roles = new TreeMap<>();
    Map<String, User> users = new TreeMap<>();
    Map<String, StoredAuthToken> tokens = new TreeMap<>();
    boolean[] enabled = {false};
    reader.scan(Table.ACCESS, AccessKeys.bytes(AccessKeys.ROLE), AccessKeys.end(AccessKeys.ROLE), (k, v) -> {
      Role r = parse(() -> Role.parseFrom(v));
      roles.put(r.getName(), r);
      return true;
    });
    reader.scan(Table.ACCESS, AccessKeys.bytes(AccessKeys.USER), AccessKeys.end(AccessKeys.USER), (k, v) -> {
      User u = parse(() -> User.parseFrom(v));
      users.put(u.getName(), u);
      return true;
    });
    reader.scan(Table.ACCESS, AccessKeys.bytes(AccessKeys.TOKEN), AccessKeys.end(AccessKeys.TOKEN), (k, v) -> {
      StoredAuthToken t = parse(() -> StoredAuthToken.parseFrom(v));
      tokens.put(t.getToken().getId(), t);
      return true;
    });
    reader.get(Table.ACCESS, AccessKeys.SETTINGS)
        .ifPresent(v -> enabled[0] = parse(() -> StoredAuthSettings.parseFrom(v)).getEnabled());
    return new AccessState(enabled[0], Map.copyOf(roles), Map.copyOf(users), Map.copyOf(tokens), reader.revision());
  }

  public boolean enabled() {
    return enabled;
  }

  /** The revision these records were read at. */
  public long revision() {
    return revision;
  }

  /** A built-in or custom role. */
  public Optional<Role> role(String name) {
    return BuiltinRoles.get(name).or(() -> Optional.ofNullable(roles.get(name)));
  }

  public Optional<User> user(String name) {
    return Optional.ofNullable(users.get(name));
  }

  public Optional<StoredAuthToken> token(String id) {
    return Optional.ofNullable(tokens.get(id));
  }

  /** Built-in roles first, then custom ones by name. */
  public List<Role> roles() {
    List<Role> all = new ArrayList<>();
    BuiltinRoles.all().forEach(all::add);
    all.addAll(roles.values());
    return all;
  }

  public Collection<User> users() {
    return users.values();
  }

  public Collection<StoredAuthToken> tokens() {
    return tokens.values();
  }

  /** The roles {@code caller} holds: its user's, and its groups that name roles. */
  public Set<String> rolesOf(Caller caller) {
    Set<String> held = new LinkedHashSet<>();
    if (caller.kind() == Caller.Kind.ANONYMOUS) {
      return held;
    }
    user(caller.name()).ifPresent(u -> held.addAll(u.getRolesList()));
    for (String group : caller.groups()) {
      if (role(group).isPresent()) {
        held.add(group);
      }
    }
    return held;
  }

  /** Whether one of {@code held} grants every requirement. */
  public boolean allows(Set<String> held, List<Requirement> needed) {
    for (Requirement r : needed) {
      if (missing(held, r)) {
        return false;
      }
    }
    return true;
  }

  /** The first requirement none of {@code held} grants, or null. */
  public Requirement firstMissing(Set<String> held, List<Requirement> needed) {
    for (Requirement r : needed) {
      if (missing(held, r)) {
        return r;
      }
    }
    return null;
  }

  private boolean missing(Set<String> held, Requirement needed) {
    for (String name : held) {
      Optional<Role> role = role(name);
      if (role.isPresent() && grants(role.get(), needed)) {
        return false;
      }
    }
    return true;
  }

  static boolean grants(Role role, Requirement needed) {
    for (Permission p : role.getPermissionsList()) {
      boolean api = p.getApi().equals(Apis.ALL) || p.getApi().equals(needed.api());
      boolean access = p.getAccess() == Access.WRITE || p.getAccess() == needed.access();
      if (api && access && needed.coveredBy(p.getPrefix().getBytes(StandardCharsets.UTF_8))) {
        return true;
      }
    }
    return false;
  }

  private interface Parse<T> {
    T run() throws InvalidProtocolBufferException;
  }

  private static <T> T parse(Parse<T> parse) {
    try {
      return parse.run();
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException("corrupt access control record", e);
    }
  }
}
