package io.meshkit.raft;

/**
 * The replicated tables, one RocksDB column family each. Domain modules read and write their own
 * tables through {@link ApplyContext}; {@link #EVENTS} and {@link #META} belong to the state machine.
 * Adding a table is adding a constant; names are stored on disk and never change.
 */
public enum Table {
  /** The generic keyspace of the KV API: user key → {@code StoredKv}. */
  KV("kv"),
  /** Watch history: (revision, sequence) → {@code StoredEvent}. Written only by the state machine. */
  EVENTS("events"),
  /** Applied state: term, index, apply time, compaction point. Written only by the state machine. */
  META("meta");

  private final String columnFamily;

  Table(String columnFamily) {
    this.columnFamily = columnFamily;
  }

  /** The RocksDB column family name. */
  public String columnFamily() {
    return columnFamily;
  }
}
