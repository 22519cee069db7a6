package io.meshkit.raft;

import com.google.protobuf.InvalidProtocolBufferException;
import io.meshkit.proto.internal.v1.AppliedState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.ratis.server.protocol.TermIndex;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Prepares a new member's data directory from a copy of another cluster's state (a snapshot file):
 * {@code <dataDir>/state/db} with every record, and the same database as the Raft snapshot
 * {@code <dataDir>/state/snapshots/1_<revision>}. No Raft log is written.
 *
 * <p>How the new group starts: Ratis finds a snapshot at term 1, index {@code revision} and an
 * empty log, so the first entry the new leader appends gets index {@code revision + 1} (at term 1 or
 * above); revisions — Raft indexes — continue after the snapshot's. Members started from the same
 * snapshot agree on that snapshot's term/index, so elections and the first appends match. The
 * applied state (apply time, compaction point) is the snapshot's, with term 1.
 *
 * <p>Use: {@link #create}, {@link #put} every record, {@link #finish}; {@link #close} always. Not
 * thread-safe.
 */
public final class StoreSeeder implements AutoCloseable {
  /**
   * The term of the restored snapshot: the lowest valid term, never above one a new cluster elects.
   * Not 0: a voter whose last entry has term 0 counts as having an empty log, and Ratis rejects
   * pre-votes answered only by such voters, so no member would ever be elected.
   */
  static final long RESTORED_TERM = 1;
  private static final long BATCH_BYTES = 4L << 20;

  private final Path stateDir;
  private final MeshStore store;
  private WriteBatch batch = new WriteBatch();
  private AppliedState snapshotApplied;
  private long records;

  private StoreSeeder(Path stateDir, MeshStore store) {
    this.stateDir = stateDir;
    this.store = store;
  }

  /** Opens a new store under {@code dataDir}, which must not hold a member's state yet. */
  public static StoreSeeder create(Path dataDir) throws IOException {
    Path stateDir = dataDir.resolve("state");
    if (Files.exists(stateDir.resolve("db")) || Files.exists(dataDir.resolve("raft"))) {
      throw new StoreException(dataDir + " already holds a member's state");
    }
    Files.createDirectories(stateDir);
    return new StoreSeeder(stateDir, MeshStore.open(stateDir.resolve("db")));
  }

  /** Adds one record of the table stored in column family {@code table}. */
  public void put(String table, byte[] key, byte[] value) {
    Table target = Table.ofColumnFamily(table).orElseThrow(() -> new StoreException(
        "the snapshot has records of table '" + table + "', which this version does not know"));
    if (target == Table.META && Arrays.equals(key, MeshStore.APPLIED_KEY)) {
      snapshotApplied = parse(value);
      return;  // written by finish, with the restored term
    }
    try {
      batch.put(store.handle(target), key, value);
    } catch (RocksDBException e) {
      throw new StoreException("cannot stage a record of " + table + ": " + e.getMessage(), e);
    }
    records++;
    if (batch.getDataSize() >= BATCH_BYTES) {
      store.writeRaw(batch);
      batch.close();
      batch = new WriteBatch();
    }
  }

  /**
   * Writes the applied state at {@code revision} and the Raft snapshot; the directory is then ready
   * for {@code RaftNode.start}. Fails when the records' own applied state names another revision.
   */
  public void finish(long revision) throws IOException {
    if (snapshotApplied == null || snapshotApplied.getIndex() != revision) {
      throw new StoreException("the snapshot says revision " + revision + " but its records say "
          + (snapshotApplied == null ? "nothing" : String.valueOf(snapshotApplied.getIndex())));
    }
    store.writeRaw(batch);
    batch.close();
    batch = new WriteBatch();
    store.commit(batch, snapshotApplied.toBuilder().setTerm(RESTORED_TERM).clearLogIndex().build());
    CheckpointStorage snapshots = new CheckpointStorage(stateDir);
    Files.createDirectories(snapshots.getSnapshotDir().toPath());
    Files.createDirectories(snapshots.getTmpDir().toPath());
    TermIndex at = TermIndex.valueOf(RESTORED_TERM, revision);
    Path staged = snapshots.stagingPath(at);
    store.checkpoint(staged);
    snapshots.publish(staged, at);
  }

  /** Deletes what a seeder wrote under {@code dataDir} (after it is closed): a failed restore keeps nothing. */
  public static void discard(Path dataDir) throws IOException {
    CheckpointStorage.deleteRecursively(dataDir.resolve("state"));
  }

  /** Records written so far (the applied state not counted). */
  public long records() {
    return records;
  }

  private static AppliedState parse(byte[] value) {
    try {
      return AppliedState.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException("the snapshot's applied state is unreadable: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    batch.close();
    store.close();
  }
}
