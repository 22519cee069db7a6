package io.meshkit.raft;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.ratis.server.protocol.TermIndex;

/**
 * Opens the live database for the state machine, replacing it with the newest snapshot checkpoint
 * when the database is behind that snapshot (a snapshot was installed from the leader, or the
 * database directory was lost). The replacement is staged beside the live directory and moved in,
 * so a crash part-way leaves either the old or the new database, never a mix.
 */
final class StoreRecovery {
  private StoreRecovery() {}

  static MeshStore open(Path dbDir, CheckpointStorage snapshots) throws IOException {
    Optional<Path> checkpoint = snapshots.newestCheckpoint();
    long snapshotIndex = checkpoint.flatMap(CheckpointStorage::parse).map(TermIndex::getIndex).orElse(0L);
    Path staging = dbDir.resolveSibling(dbDir.getFileName() + ".restore");
    CheckpointStorage.deleteRecursively(staging);
    if (Files.isDirectory(dbDir)) {
      MeshStore store = MeshStore.open(dbDir);
      if (MeshStore.logIndex(store.applied()) >= snapshotIndex) {
        return store;
      }
      store.close();
    }
    if (checkpoint.isEmpty()) {
      return MeshStore.open(dbDir);
    }
    copyCheckpoint(checkpoint.get(), staging);
    CheckpointStorage.deleteRecursively(dbDir);
    Files.move(staging, dbDir);
    MeshStore store = MeshStore.open(dbDir);
    long found = MeshStore.logIndex(store.applied());
    if (found < snapshotIndex) {
      store.close();
      throw new StoreException("snapshot " + checkpoint.get() + " claims index " + snapshotIndex
          + " but its database says " + found + "; the snapshot is corrupt");
    }
    return store;
  }

  /** Hard-links immutable SST files and copies the rest, skipping Ratis' transfer checksums. */
  private static void copyCheckpoint(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(".md5") || !Files.isRegularFile(file)) {
          continue;
        }
        Path target = to.resolve(name);
        if (name.endsWith(".sst")) {
          Files.createLink(target, file);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }
}
