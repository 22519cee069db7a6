package io.meshkit.raft;

/**
 * The replicated tables, one RocksDB column family each. Domain modules read and write their own
 * tables through {@link ApplyContext}; {@link #EVENTS} and {@link #META} belong to the state machine.
 * Adding a table is adding a constant; names and tags are stored on disk and never change.
 */
public enum Table {
  /** The generic keyspace of the KV API: user key → {@code StoredKv}. */
  KV("kv", 'k'),
  /** Watch history: (revision, sequence) → {@code StoredEvent}. Written only by the state machine. */
  EVENTS("events", 'e'),
  /** Applied state: term, index, apply time, compaction point. Written only by the state machine. */
  META("meta", 'm'),
  /** Leases: id (8 bytes, big-endian) → {@code StoredLease}. */
  LEASES("leases", 'l'),
  /** What each lease holds: lease id (8 bytes) + owner table tag (1 byte) + key → empty. */
  LEASE_ATTACHMENTS("lease_attachments", 'a'),
  /** Election candidacies: scope + 0x00 + create revision (8 bytes) → {@code StoredCandidacy}. */
  ELECTIONS("elections", 'c'),
  /** Election scopes: scope → {@code StoredScope} (current leader and fencing token). */
  SCOPES("scopes", 's'),
  /** Applied proposals: proposal id → {@code CommandResult}. State machine only. */
  PROPOSALS("proposals", 'p'),
  /** Their expiry order: apply time (8 bytes, big-endian) + proposal id → empty. State machine only. */
  PROPOSAL_EXPIRY("proposal_expiry", 'x'),
  /**
   * The shard and node registry, one table so one watch sees its changes in revision order:
   * {@code n/<namespace>} → {@code Namespace}, {@code s/<namespace> 0x00 <shard id, 4 bytes>} →
   * {@code Shard}, {@code o/<node id>} → {@code Node}.
   */
  REGISTRY("registry", 'r'),
  /** Registry audit trail: revision (8 bytes, big-endian) → {@code AuditRecord}. */
  AUDIT("audit", 'u'),
  /**
   * Rebalance plans: {@code p/<namespace> 0x00 <plan id, 8 bytes>} → {@code RebalancePlan},
   * {@code n/<namespace>} → {@code NamespaceRebalance}.
   */
  REBALANCE("rebalance", 'b'),
  /** Federation: {@code checkpoint/<source cluster>} → {@code ReplicationCheckpoint}. */
  FEDERATION("federation", 'f'),
  /**
   * Access control: RBAC's {@code role/<name>}, {@code user/<name>}, {@code token/<id>},
   * {@code settings}; bootstrap's {@code join/<id>}.
   */
  ACCESS("access", 'z');

  private final String columnFamily;
  private final byte tag;

  Table(String columnFamily, char tag) {
    this.columnFamily = columnFamily;
    this.tag = (byte) tag;
  }

  /** A stable one-byte name for keys that refer to a table (lease attachments). */
  public byte tag() {
    return tag;
  }

  public static Table ofTag(byte tag) {
    for (Table t : values()) {
      if (t.tag == tag) {
        return t;
      }
    }
    throw new StoreException("unknown table tag " + tag + " in a stored key");
  }

  /** The table stored in column family {@code name}, if there is one. */
  public static java.util.Optional<Table> ofColumnFamily(String name) {
    for (Table t : values()) {
      if (t.columnFamily.equals(name)) {
        return java.util.Optional.of(t);
      }
    }
    return java.util.Optional.empty();
  }

  /** The RocksDB column family name. */
  public String columnFamily() {
    return columnFamily;
  }
}
