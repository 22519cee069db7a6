package io.meshkit.access.rbac;

import java.util.Set;

/** The API names permissions are granted on (see {@code meshkit.v1.Permission.api}). */
public final class Apis {
  public static final String KV = "kv";
  public static final String LEASE = "lease";
  public static final String ELECTION = "election";
  public static final String REGISTRY = "registry";
  public static final String REBALANCE = "rebalance";
  public static final String FEDERATION = "federation";
  /** Planned and forced failover and fencing a cluster: separate from the descriptors. */
  public static final String FAILOVER = "failover";
  public static final String CLUSTER = "cluster";
  public static final String MEMBERSHIP = "membership";
  public static final String AUTH = "auth";
  public static final String BOOTSTRAP = "bootstrap";
  /** Snapshots and state hashes (backup, consistency checks); only admin and member roles have it. */
  public static final String MAINTENANCE = "maintenance";
  /** What only members do: member-to-member reads, and campaigning on reserved election scopes. */
  public static final String MEMBER = "member";
  /** Every API. */
  public static final String ALL = "*";

  /** APIs whose resources have names a prefix can select. */
  public static final Set<String> WITH_RESOURCES = Set.of(KV, ELECTION, REGISTRY, REBALANCE, FEDERATION, FAILOVER);
  public static final Set<String> KNOWN = Set.of(KV, LEASE, ELECTION, REGISTRY, REBALANCE, FEDERATION, FAILOVER,
      CLUSTER, MEMBERSHIP, AUTH, BOOTSTRAP, MAINTENANCE, MEMBER, ALL);

  private Apis() {}
}
