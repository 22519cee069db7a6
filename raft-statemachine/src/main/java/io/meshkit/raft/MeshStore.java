package io.meshkit.raft;

import com.google.protobuf.InvalidProtocolBufferException;
import io.meshkit.proto.internal.v1.AppliedState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The RocksDB database behind the state machine: one column family per {@link Table}.
 *
 * <p>Invariant: the {@link AppliedState} in {@link Table#META} is written in the same
 * {@link WriteBatch} as the data of the entry it names, so the database never holds the effects of
 * an entry without knowing it applied it (and vice versa). Durability comes from the Raft log: the
 * WAL is not synced, because any entry lost here is re-applied from the log after a restart, and the
 * log is only purged up to a snapshot, which is taken after a flush.
 *
 * <p>Threading: {@link #commit} is called by the single apply thread; {@link #readView()} from any.
 */
public final class MeshStore implements AutoCloseable {
  static final byte[] APPLIED_KEY = "applied".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  static {
    RocksDB.loadLibrary();
  }

  private static final long BLOCK_CACHE_BYTES = 64L << 20;
  private static final double BLOOM_BITS_PER_KEY = 10;
  private static final double MEMTABLE_BLOOM_RATIO = 0.05;

  private final Path path;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final Cache blockCache;
  private final BloomFilter bloomFilter;
  private final RocksDB db;
  private final List<ColumnFamilyHandle> handles;
  private final Map<Table, ColumnFamilyHandle> tables = new EnumMap<>(Table.class);
  private final WriteOptions writeOptions = new WriteOptions();
  private volatile AppliedState applied;
  /** The committed database as the apply thread sees it (no snapshot: it is the only writer). */
  private final KeyValueReader live = new KeyValueReader() {
    @Override
    public java.util.Optional<byte[]> get(Table table, byte[] key) {
      try {
        return java.util.Optional.ofNullable(db.get(handle(table), key));
      } catch (RocksDBException e) {
        throw new StoreException("read from " + table + " failed: " + e.getMessage(), e);
      }
    }

    @Override
    public void scan(Table table, byte[] from, byte[] toExclusive, ScanVisitor visitor) {
      try (ReadOptions options = new ReadOptions()) {
        SnapshotReadView.scan(db, handle(table), options, from, toExclusive, visitor);
      }
    }

    @Override
    public long revision() {
      return applied.getIndex();
    }
  };

  private MeshStore(Path path, DBOptions dbOptions, ColumnFamilyOptions cfOptions, Cache blockCache,
      BloomFilter bloomFilter, RocksDB db, List<ColumnFamilyHandle> handles) {
    this.path = path;
    this.dbOptions = dbOptions;
    this.cfOptions = cfOptions;
    this.blockCache = blockCache;
    this.bloomFilter = bloomFilter;
    this.db = db;
    this.handles = handles;
    for (Table table : Table.values()) {
      tables.put(table, handles.get(table.ordinal() + 1));
    }
    this.applied = loadApplied();
  }

  /** Opens (creating if needed) the database at {@code path}. */
  public static MeshStore open(Path path) {
    try {
      Files.createDirectories(path);
    } catch (IOException e) {
      throw new StoreException("cannot create database directory " + path + ": " + e.getMessage(), e);
    }
    DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
        .setMaxBackgroundJobs(2).setKeepLogFileNum(3);
    // Apply does point reads of keys that are mostly absent (proposal ids, new keys): bloom filters in
    // the SST files and the memtable answer those without a search, and a larger block cache keeps
    // the hot blocks. About 10 % of a member's CPU under a put load went to RocksDB.get before.
    Cache blockCache = new LRUCache(BLOCK_CACHE_BYTES);
    BloomFilter bloomFilter = new BloomFilter(BLOOM_BITS_PER_KEY);
    ColumnFamilyOptions cfOptions = new ColumnFamilyOptions()
        .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(blockCache).setFilterPolicy(bloomFilter)
            .setCacheIndexAndFilterBlocks(true).setPinL0FilterAndIndexBlocksInCache(true))
        .setMemtableWholeKeyFiltering(true)
        .setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
    for (Table table : Table.values()) {
      descriptors.add(new ColumnFamilyDescriptor(
          table.columnFamily().getBytes(java.nio.charset.StandardCharsets.US_ASCII), cfOptions));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      RocksDB db = RocksDB.open(dbOptions, path.toString(), descriptors, handles);
      return new MeshStore(path, dbOptions, cfOptions, blockCache, bloomFilter, db, handles);
    } catch (RocksDBException e) {
      dbOptions.close();
      cfOptions.close();
      blockCache.close();
      bloomFilter.close();
      throw new StoreException("cannot open database " + path + ": " + e.getMessage(), e);
    }
  }

  public Path path() {
    return path;
  }

  /** The applied state as of the last commit (index 0 for an empty store). */
  public AppliedState applied() {
    return applied;
  }

  /** A batch for the entry at {@code index}; see {@link EntryBatch}. */
  EntryBatch newBatch(long term, long index, long applyTimeMillis) {
    return new EntryBatch(this, live, term, index, applyTimeMillis);
  }

  /** Writes {@code batch} and the new applied state atomically. */
  void commit(WriteBatch batch, AppliedState newState) {
    try {
      batch.put(handle(Table.META), APPLIED_KEY, newState.toByteArray());
      db.write(writeOptions, batch);
      applied = newState;
    } catch (RocksDBException e) {
      throw new StoreException("write of entry " + newState.getIndex() + " failed: " + e.getMessage(), e);
    }
  }

  /** Writes {@code batch} as it is, applied state untouched: for seeding a new store (StoreSeeder). */
  void writeRaw(WriteBatch batch) {
    try {
      db.write(writeOptions, batch);
    } catch (RocksDBException e) {
      throw new StoreException("write to " + path + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * The Raft log index this store reflects: its revision, or above it when a snapshot was taken after
   * entries Ratis applied without the state machine (see {@code AppliedState.log_index}).
   */
  static long logIndex(AppliedState state) {
    return Math.max(state.getIndex(), state.getLogIndex());
  }

  /**
   * Records that the store reflects the Raft log up to {@code index} (for a snapshot taken after
   * entries that changed no data). The revision and term stay those of the last applied entry:
   * whether and where a member snapshots is its own affair, the revision it reports must not be.
   */
  void recordLogIndex(long index) {
    AppliedState current = applied;
    if (index <= logIndex(current)) {
      return;
    }
    try (WriteBatch batch = new WriteBatch()) {
      commit(batch, current.toBuilder().setLogIndex(index).build());
    }
  }

  /** A point-in-time view for reads; close it when done. */
  public ReadView readView() {
    return new SnapshotReadView(db, tables);
  }

  /**
   * Flushes memtables and writes a RocksDB checkpoint (hard links to immutable SST files) into the
   * not-yet-existing directory {@code target}.
   */
  void checkpoint(Path target) {
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true);
        Checkpoint checkpoint = Checkpoint.create(db)) {
      db.flush(flush, handles);
      checkpoint.createCheckpoint(target.toString());
    } catch (RocksDBException e) {
      throw new StoreException("checkpoint to " + target + " failed: " + e.getMessage(), e);
    }
  }

  /** Approximate on-disk size of the live SST files. */
  public long sizeBytes() {
    try {
      return db.getLongProperty("rocksdb.total-sst-files-size")
          + db.getLongProperty("rocksdb.cur-size-all-mem-tables");
    } catch (RocksDBException e) {
      return -1;
    }
  }

  ColumnFamilyHandle handle(Table table) {
    return tables.get(table);
  }

  private AppliedState loadApplied() {
    try {
      byte[] raw = db.get(handle(Table.META), APPLIED_KEY);
      return raw == null ? AppliedState.getDefaultInstance() : AppliedState.parseFrom(raw);
    } catch (RocksDBException | InvalidProtocolBufferException e) {
      throw new StoreException("cannot read applied state from " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    for (ColumnFamilyHandle h : handles) {
      h.close();
    }
    writeOptions.close();
    db.close();
    dbOptions.close();
    cfOptions.close();
    blockCache.close();
    bloomFilter.close();
  }
}
