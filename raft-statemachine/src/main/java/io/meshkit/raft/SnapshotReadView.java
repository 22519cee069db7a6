package io.meshkit.raft;

import com.google.protobuf.InvalidProtocolBufferException;
import io.meshkit.proto.internal.v1.AppliedState;
import java.util.Map;
import java.util.Optional;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;

/** {@link ReadView} over a RocksDB snapshot; the applied state is read from the same snapshot. */
final class SnapshotReadView implements ReadView {
  private final RocksDB db;
  private final Map<Table, ColumnFamilyHandle> tables;
  private final Snapshot snapshot;
  private final ReadOptions options;
  private final AppliedState applied;

  SnapshotReadView(RocksDB db, Map<Table, ColumnFamilyHandle> tables) {
    this.db = db;
    this.tables = tables;
    this.snapshot = db.getSnapshot();
    this.options = new ReadOptions().setSnapshot(snapshot);
    this.applied = get(Table.META, MeshStore.APPLIED_KEY).map(SnapshotReadView::parseApplied)
        .orElse(AppliedState.getDefaultInstance());
  }

  private static AppliedState parseApplied(byte[] raw) {
    try {
      return AppliedState.parseFrom(raw);
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException("corrupt applied state record", e);
    }
  }

  @Override
  public AppliedState appliedState() {
    return applied;
  }

  @Override
  public Optional<byte[]> get(Table table, byte[] key) {
    try {
      return Optional.ofNullable(db.get(tables.get(table), options, key));
    } catch (RocksDBException e) {
      throw new StoreException("read from " + table + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void scan(Table table, byte[] from, byte[] toExclusive, ScanVisitor visitor) {
    scan(db, tables.get(table), options, from, toExclusive, visitor);
  }

  /** Ordered scan of [from, toExclusive) through {@code options}; shared with the apply batch. */
  static void scan(RocksDB db, ColumnFamilyHandle handle, ReadOptions base, byte[] from, byte[] toExclusive,
      ScanVisitor visitor) {
    try (Slice upper = toExclusive == null ? null : new Slice(toExclusive);
        ReadOptions options = new ReadOptions(base)) {
      if (upper != null) {
        options.setIterateUpperBound(upper);
      }
      try (RocksIterator it = db.newIterator(handle, options)) {
        if (from == null || from.length == 0) {
          it.seekToFirst();
        } else {
          it.seek(from);
        }
        for (; it.isValid(); it.next()) {
          if (!visitor.visit(it.key(), it.value())) {
            return;
          }
        }
        it.status();
      } catch (RocksDBException e) {
        throw new StoreException("scan failed: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void close() {
    options.close();
    db.releaseSnapshot(snapshot);
  }
}
