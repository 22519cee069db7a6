package io.meshkit.access.rbac;

import io.meshkit.proto.v1.Access;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Permission;
import io.meshkit.proto.v1.Role;
import io.meshkit.proto.v1.User;
import io.meshkit.raft.CommandRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** Stateless checks of RBAC requests: names, permissions, lifetimes. */
public final class AccessValidation {
  static final int MAX_USER_BYTES = 128;
  static final int MAX_PREFIX_BYTES = 4096;
  static final int MAX_PERMISSIONS = 256;
  static final int MAX_ROLES_PER_USER = 64;
  static final long MAX_TOKEN_TTL_MS = 365L * 24 * 3600 * 1000;
  private static final Pattern ROLE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern TOKEN_ID = Pattern.compile("[a-z0-9]{8,32}");

  private AccessValidation() {}

  static void role(Role role) throws CommandRejectedException {
    roleName(role.getName());
    if (BuiltinRoles.isBuiltin(role.getName())) {
      throw invalid("role " + role.getName() + " is built in and cannot be changed",
          "make a custom role with another name: meshctl auth role put NAME --grant api:access[:prefix]");
    }
    if (role.getPermissionsCount() == 0 || role.getPermissionsCount() > MAX_PERMISSIONS) {
      throw invalid("role " + role.getName() + " has " + role.getPermissionsCount() + " permissions",
          "give it 1 to " + MAX_PERMISSIONS + ", e.g. --grant kv:read:app/");
    }
    for (Permission p : role.getPermissionsList()) {
      permission(p);
    }
  }

  static void permission(Permission p) throws CommandRejectedException {
    if (!Apis.KNOWN.contains(p.getApi())) {
      throw invalid("unknown api \"" + p.getApi() + "\" in a permission",
          "one of " + String.join(", ", new java.util.TreeSet<>(Apis.KNOWN)));
    }
    if (p.getAccess() != Access.READ && p.getAccess() != Access.WRITE) {
      throw invalid("a permission on " + p.getApi() + " without access", "read or write (write includes read)");
    }
    if (p.getPrefix().getBytes(StandardCharsets.UTF_8).length > MAX_PREFIX_BYTES) {
      throw invalid("a permission prefix of more than " + MAX_PREFIX_BYTES + " bytes", "use a shorter prefix");
    }
    if (!p.getPrefix().isEmpty() && !Apis.WITH_RESOURCES.contains(p.getApi())) {
      throw invalid("api " + p.getApi() + " has no named resources, so its permission cannot have the prefix \""
          + p.getPrefix() + "\"", "drop the prefix; prefixes apply to " + String.join(", ",
          new java.util.TreeSet<>(Apis.WITH_RESOURCES)));
    }
  }

  public static void roleName(String name) throws CommandRejectedException {
    if (!ROLE.matcher(name).matches()) {
      throw invalid("\"" + name + "\" is not a role name", "1-64 of a-z, 0-9, '.', '_', '-', starting with a letter"
          + " or digit");
    }
  }

  static void user(User user) throws CommandRejectedException {
    userName(user.getName());
    if (user.getRolesCount() > MAX_ROLES_PER_USER) {
      throw invalid("user " + user.getName() + " has " + user.getRolesCount() + " roles",
          "at most " + MAX_ROLES_PER_USER);
    }
    Set<String> seen = new HashSet<>();
    for (String role : user.getRolesList()) {
      roleName(role);
      if (!seen.add(role)) {
        throw invalid("role " + role + " given twice for user " + user.getName(), "name each role once");
      }
    }
  }

  static void userName(String name) throws CommandRejectedException {
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes == 0 || bytes > MAX_USER_BYTES || name.codePoints().anyMatch(c -> Character.isISOControl(c))
        || !name.equals(name.strip())) {
      throw invalid("\"" + name + "\" is not a user name", "1-" + MAX_USER_BYTES + " bytes of printable UTF-8 without"
          + " leading or trailing spaces: a certificate's CN, or any name for token users");
    }
  }

  static void tokenId(String id) throws CommandRejectedException {
    if (!TOKEN_ID.matcher(id).matches()) {
      throw invalid("\"" + id + "\" is not a token id", "8-32 of a-z and 0-9, as meshctl auth token list shows them");
    }
  }

  static void ttl(long ttlMs) throws CommandRejectedException {
    if (ttlMs < 1 || ttlMs > MAX_TOKEN_TTL_MS) {
      throw invalid("a token lifetime of " + ttlMs + " ms", "between 1 ms and 365 days");
    }
  }

  private static CommandRejectedException invalid(String message, String hint) {
    return new CommandRejectedException(ErrorCode.INVALID_ARGUMENT, message, hint);
  }
}
