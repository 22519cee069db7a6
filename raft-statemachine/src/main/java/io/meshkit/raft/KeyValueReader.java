package io.meshkit.raft;

import java.util.Optional;

/**
 * Read access to the replicated tables. Implemented by the apply-time batch (which sees its own
 * pending writes) and by {@link ReadView} (a point-in-time RocksDB snapshot), so domain read logic is
 * written once and used both inside transactions and for client reads.
 */
public interface KeyValueReader {

  /** Visits one key/value pair of a scan; return false to stop. */
  @FunctionalInterface
  interface ScanVisitor {
    boolean visit(byte[] key, byte[] value);
  }

  /** The value stored under {@code key} in {@code table}. */
  Optional<byte[]> get(Table table, byte[] key);

  /**
   * Visits keys of {@code table} in [from, toExclusive) in ascending unsigned byte order; a null
   * {@code toExclusive} means "to the end of the table".
   */
  void scan(Table table, byte[] from, byte[] toExclusive, ScanVisitor visitor);

  /** The revision (Raft index of the last applied change) this reader reflects. */
  long revision();
}
