package io.meshkit.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStorageTest {
  @TempDir
  Path state;

  private CheckpointStorage init() throws IOException {
    CheckpointStorage storage = new CheckpointStorage(state);
    storage.init(null);
    return storage;
  }

  /** Takes a checkpoint of {@code store} the way the state machine does and publishes it. */
  static Path snapshot(CheckpointStorage storage, MeshStore store, long term) throws IOException {
    TermIndex ti = TermIndex.valueOf(term, MeshStore.logIndex(store.applied()));
    Path staged = storage.stagingPath(ti);
    store.checkpoint(staged);
    storage.publish(staged, ti);
    return storage.getSnapshotDir().toPath().resolve(CheckpointStorage.dirName(ti));
  }

  private static Set<Path> regularFiles(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).map(Path::toAbsolutePath).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static Set<Path> described(FileListSnapshotInfo info) {
    return info.getFiles().stream().map(FileInfo::getPath).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void emptyStorageHasNoSnapshot() throws IOException {
    CheckpointStorage storage = init();
    assertNull(storage.getLatestSnapshot());
    assertEquals(Optional.empty(), storage.newestCheckpoint());
    assertTrue(Files.isDirectory(state.resolve("snapshots")));
    assertTrue(Files.isDirectory(state.resolve("snapshots.tmp")));
    assertEquals(state.resolve("snapshots").toFile(), storage.getSnapshotDir());
    assertEquals(state.resolve("snapshots.tmp").toFile(), storage.getTmpDir());
  }

  @Test
  void publishedCheckpointIsDescribedWithAllItsFilesButNoChecksums() throws IOException {
    CheckpointStorage storage = init();
    Path dir;
    try (MeshStore store = MeshStore.open(state.resolve("db"))) {
      TestData.commitRevision(store, 1, "a", "b");
      TestData.commitRevision(store, 2, "c");
      dir = snapshot(storage, store, 3);
    }
    assertEquals(state.resolve("snapshots").resolve("3_2"), dir);
    assertFalse(Files.exists(state.resolve("snapshots.tmp").resolve("checkpoint-3_2")), "staging moved away");
    FileListSnapshotInfo latest = storage.getLatestSnapshot();
    assertEquals(TermIndex.valueOf(3, 2), latest.getTermIndex());
    Set<Path> files = regularFiles(dir);
    assertTrue(files.stream().anyMatch(p -> p.getFileName().toString().endsWith(".sst")), "flushed to SST: " + files);
    assertTrue(files.stream().anyMatch(p -> p.getFileName().toString().equals("CURRENT")), files.toString());
    assertEquals(files, described(latest));

    // Ratis leaves .md5 sidecars next to installed files; they are not part of the snapshot.
    Files.writeString(dir.resolve("CURRENT.md5"), "d41d8cd98f00b204e9800998ecf8427e *CURRENT");
    storage.reload();
    assertEquals(files, described(storage.getLatestSnapshot()));
    assertEquals(TermIndex.valueOf(3, 2), new CheckpointStorage(state).newestCheckpoint()
        .flatMap(CheckpointStorage::parse).orElseThrow());
  }

  /**
   * A member started with a relative data dir: the leader names each snapshot file relative to the
   * snapshot dir (Ratis' InstallSnapshotRequests), which threw for every file when the dir was
   * relative and the files absolute — the follower never caught up.
   */
  @Test
  void aRelativeStateDirStillNamesSnapshotFilesRelativeToTheSnapshotDir() throws IOException {
    Path relative = Path.of("").toAbsolutePath().relativize(state.resolve("relative-state"));
    assertFalse(relative.isAbsolute());
    CheckpointStorage storage = new CheckpointStorage(relative);
    storage.init(null);
    try (MeshStore store = MeshStore.open(state.resolve("relative-db"))) {
      TestData.commitRevision(store, 1, "a");
      snapshot(storage, store, 1);
    }
    Path snapshotDir = storage.getSnapshotDir().toPath();
    for (FileInfo file : storage.getLatestSnapshot().getFiles()) {
      Path named = snapshotDir.relativize(file.getPath());
      assertTrue(named.startsWith("1_1"), named.toString());
    }
  }

  @Test
  void republishingTheSameTermIndexReplacesTheDirectory() throws IOException {
    CheckpointStorage storage = init();
    try (MeshStore store = MeshStore.open(state.resolve("db"))) {
      TestData.commitRevision(store, 1, "a");
      Path dir = snapshot(storage, store, 1);
      Files.writeString(dir.resolve("stale"), "x");
      snapshot(storage, store, 1);
      assertFalse(Files.exists(dir.resolve("stale")));
      assertEquals(regularFiles(dir), described(storage.getLatestSnapshot()));
    }
  }

  @Test
  void newestCheckpointComparesTermThenIndexNumerically() throws IOException {
    CheckpointStorage storage = init();
    Path snapshots = state.resolve("snapshots");
    for (String name : List.of("1_9", "1_10", "2_5", "10_3", "not_a_snapshot", "_7", "9")) {
      Files.createDirectories(snapshots.resolve(name));
    }
    Files.writeString(snapshots.resolve("99_99"), "a file, not a checkpoint");
    assertEquals(snapshots.resolve("10_3"), storage.newestCheckpoint().orElseThrow());
    storage.reload();
    assertEquals(TermIndex.valueOf(10, 3), storage.getLatestSnapshot().getTermIndex());
    assertEquals(List.of(), storage.getLatestSnapshot().getFiles());
  }

  @Test
  void cleanupKeepsTheNewestN() throws IOException {
    CheckpointStorage storage = init();
    Path snapshots = state.resolve("snapshots");
    for (String name : List.of("1_5", "1_10", "2_20", "2_100", "3_30")) {
      Files.createDirectories(snapshots.resolve(name));
      Files.writeString(snapshots.resolve(name).resolve("CURRENT"), name);
    }
    Files.createDirectories(snapshots.resolve("unrelated"));

    storage.cleanupOldSnapshots(new SnapshotRetentionPolicy() {
      @Override
      public int getNumSnapshotsRetained() {
        return 3;
      }
    });
    assertEquals(Set.of("2_20", "2_100", "3_30", "unrelated"), names(snapshots));

    storage.cleanupOldSnapshots(new SnapshotRetentionPolicy() {}); // default: retain all
    assertEquals(Set.of("2_20", "2_100", "3_30", "unrelated"), names(snapshots));

    storage.cleanupOldSnapshots(new SnapshotRetentionPolicy() {
      @Override
      public int getNumSnapshotsRetained() {
        return 1;
      }
    });
    assertEquals(Set.of("3_30", "unrelated"), names(snapshots));
  }

  private static Set<String> names(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }
}
