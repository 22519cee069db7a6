package io.meshkit.access.rbac;

import io.meshkit.proto.v1.Access;
import io.meshkit.proto.v1.Permission;
import io.meshkit.proto.v1.Role;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The roles every cluster has; fixed in code, not stored, not changeable.
 *
 * <ul>
 *   <li>{@code viewer}: reads everything but access control.
 *   <li>{@code operator}: writes KV, leases, elections (not the reserved {@code meshkit/} scopes),
 *       the registry and rebalance plans; reads federation, cluster and membership. No failover, no
 *       access control, no join tokens.
 *   <li>{@code relay}: what a relay needs — reads the registry, membership, cluster and federation.
 *   <li>{@code admin}: everything.
 *   <li>{@code member}: everything; the role of member certificates (O=member), under its own name so
 *       audit records tell a member's work from an administrator's.
 * </ul>
 */
public final class BuiltinRoles {
  public static final String VIEWER = "viewer";
  public static final String OPERATOR = "operator";
  public static final String RELAY = "relay";
  public static final String ADMIN = "admin";
  public static final String MEMBER = "member";

  private static final Map<String, Role> ROLES = new LinkedHashMap<>();

  static {
    add(VIEWER, read(Apis.KV), read(Apis.LEASE), read(Apis.ELECTION), read(Apis.REGISTRY), read(Apis.REBALANCE),
        read(Apis.FEDERATION), read(Apis.CLUSTER), read(Apis.MEMBERSHIP));
    add(OPERATOR, write(Apis.KV), write(Apis.LEASE), write(Apis.ELECTION), write(Apis.REGISTRY),
        write(Apis.REBALANCE), read(Apis.FEDERATION), read(Apis.CLUSTER), read(Apis.MEMBERSHIP));
    add(RELAY, read(Apis.REGISTRY), read(Apis.MEMBERSHIP), read(Apis.CLUSTER), read(Apis.FEDERATION));
    add(ADMIN, write(Apis.ALL));
    add(MEMBER, write(Apis.ALL));
  }

  private BuiltinRoles() {}

  /** The built-in role named {@code name}. */
  public static Optional<Role> get(String name) {
    return Optional.ofNullable(ROLES.get(name));
  }

  public static boolean isBuiltin(String name) {
    return ROLES.containsKey(name);
  }

  /** Every built-in role, in a fixed order. */
  public static Iterable<Role> all() {
    return ROLES.values();
  }

  private static void add(String name, Permission... permissions) {
    ROLES.put(name, Role.newBuilder().setName(name).addAllPermissions(Arrays.asList(permissions)).setBuiltin(true)
        .build());
  }

  private static Permission read(String api) {
    return Permission.newBuilder().setApi(api).setAccess(Access.READ).build();
  }

  private static Permission write(String api) {
    return Permission.newBuilder().setApi(api).setAccess(Access.WRITE).build();
  }
}
