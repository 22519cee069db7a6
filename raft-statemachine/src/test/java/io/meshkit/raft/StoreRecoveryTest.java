package io.meshkit.raft;

import static io.meshkit.raft.TestData.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreRecoveryTest {
  @TempDir
  Path state;

  private CheckpointStorage storage() throws IOException {
    CheckpointStorage storage = new CheckpointStorage(state);
    storage.init(null);
    return storage;
  }

  /** A checkpoint at index {@code upTo} (keys "snap1".."snapN"), built in a scratch database. */
  private Path checkpointAt(CheckpointStorage storage, long upTo) throws IOException {
    try (MeshStore source = MeshStore.open(state.resolve("leader-db"))) {
      for (long rev = source.applied().getIndex() + 1; rev <= upTo; rev++) {
        TestData.commitRevision(source, rev, "snap" + rev);
      }
      return CheckpointStorageTest.snapshot(storage, source, 2);
    }
  }

  private void localDb(long upTo, String key) {
    try (MeshStore db = MeshStore.open(state.resolve("db"))) {
      for (long rev = 1; rev <= upTo; rev++) {
        TestData.commitRevision(db, rev, key);
      }
    }
  }

  private static List<String> kvKeys(MeshStore store) {
    try (ReadView view = store.readView()) {
      return TestData.keys(view, Table.KV);
    }
  }

  private static List<String> fileNames(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void noDatabaseAndNoCheckpointOpensAnEmptyStore() throws IOException {
    try (MeshStore store = StoreRecovery.open(state.resolve("db"), storage())) {
      assertEquals(0, store.applied().getIndex());
      assertEquals(List.of(), kvKeys(store));
    }
  }

  @Test
  void databaseBehindTheNewestCheckpointIsReplacedByIt() throws IOException {
    CheckpointStorage storage = storage();
    checkpointAt(storage, 10);
    localDb(3, "local");
    Files.createDirectories(state.resolve("db.restore").resolve("junk")); // left by a crashed restore

    try (MeshStore store = StoreRecovery.open(state.resolve("db"), storage)) {
      assertEquals(10, store.applied().getIndex());
      List<String> keys = kvKeys(store);
      assertEquals(10, keys.size());
      assertTrue(keys.contains("snap1") && keys.contains("snap10"), keys.toString());
      assertFalse(keys.contains("local"), "nothing of the old database survives");
    }
    assertFalse(Files.exists(state.resolve("db.restore")));
  }

  @Test
  void databaseAtOrAheadOfTheCheckpointIsKept() throws IOException {
    CheckpointStorage storage = storage();
    checkpointAt(storage, 5);
    localDb(8, "local");
    try (MeshStore store = StoreRecovery.open(state.resolve("db"), storage)) {
      assertEquals(8, store.applied().getIndex());
      assertEquals(List.of("local"), kvKeys(store));
    }
    // Exactly at the checkpoint's index also keeps the local database.
    checkpointAt(storage, 8);
    try (MeshStore store = StoreRecovery.open(state.resolve("db"), storage)) {
      assertEquals(List.of("local"), kvKeys(store));
    }
  }

  @Test
  void missingDatabaseIsRestoredAndIndependentOfTheCheckpoint() throws IOException {
    CheckpointStorage storage = storage();
    Path checkpoint = checkpointAt(storage, 4);
    try (MeshStore store = StoreRecovery.open(state.resolve("db"), storage)) {
      assertEquals(4, store.applied().getIndex());
      TestData.commitRevision(store, 5, "after");
    }
    // The restored database must not share mutable files with the snapshot.
    CheckpointStorage.deleteRecursively(checkpoint);
    try (MeshStore store = MeshStore.open(state.resolve("db"))) {
      assertEquals(5, store.applied().getIndex());
      assertEquals(List.of("after", "snap1", "snap2", "snap3", "snap4"), kvKeys(store));
    }
  }

  /**
   * A snapshot taken after entries Ratis applied without the state machine is named after their
   * index, above the database's revision: restored, it keeps the revision and knows the log index.
   */
  @Test
  void checkpointNamedAfterEntriesThatChangedNoStateIsRestored() throws IOException {
    CheckpointStorage storage = storage();
    try (MeshStore source = MeshStore.open(state.resolve("leader-db"))) {
      TestData.commitRevision(source, 1, "snap1");
      source.recordLogIndex(3);
      CheckpointStorageTest.snapshot(storage, source, 2);
    }
    localDb(2, "local");
    try (MeshStore store = StoreRecovery.open(state.resolve("db"), storage)) {
      assertEquals(1, store.applied().getIndex());
      assertEquals(3, MeshStore.logIndex(store.applied()));
      assertEquals(List.of("snap1"), kvKeys(store));
    }
    try (MeshStore store = StoreRecovery.open(state.resolve("db"), storage)) {
      assertEquals(List.of("snap1"), kvKeys(store), "at the snapshot's log index: kept, not restored again");
    }
  }

  @Test
  void ratisChecksumSidecarsAreIgnoredOnRestore() throws IOException {
    CheckpointStorage storage = storage();
    Path checkpoint = checkpointAt(storage, 6);
    // What a follower holds after Ratis installed the snapshot: every file with an .md5 beside it.
    for (String name : fileNames(checkpoint)) {
      Files.writeString(checkpoint.resolve(name + ".md5"), "0123456789abcdef0123456789abcdef *" + name);
    }
    localDb(2, "local");
    try (MeshStore store = StoreRecovery.open(state.resolve("db"), storage)) {
      assertEquals(6, store.applied().getIndex());
      assertEquals(6, kvKeys(store).size());
      try (ReadView view = store.readView()) {
        assertEquals("v6", TestData.s(view.get(Table.KV, b("snap6")).orElseThrow()));
      }
    }
    List<String> restored = fileNames(state.resolve("db"));
    assertTrue(restored.stream().noneMatch(n -> n.endsWith(".md5")), restored.toString());
  }

  @Test
  void checkpointWhoseDatabaseIsBehindItsNameIsReportedCorrupt() throws IOException {
    CheckpointStorage storage = storage();
    Path checkpoint = checkpointAt(storage, 3);
    Files.move(checkpoint, checkpoint.resolveSibling("2_50"));
    StoreException e = assertThrows(StoreException.class, () -> StoreRecovery.open(state.resolve("db"), storage));
    assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
  }
}
