package io.meshkit.server;

import io.meshkit.client.snapshot.SnapshotFile;
import io.meshkit.raft.StoreSeeder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * {@code meshkit restore}: prepares one member's data directory from a snapshot file so that the
 * members started from such directories form a new cluster whose state is the snapshot's, with a
 * fresh Raft log (see {@link StoreSeeder} for how revisions continue after the snapshot's).
 *
 * <p>Contract: the whole file is verified (format, record count, SHA-256) before anything is written;
 * a data directory that exists and is not empty is refused; if writing fails part-way, what was
 * written is deleted, so a failed restore leaves the directory as it found it.
 */
final class MemberRestore {
  /** What a restore wrote. */
  record Restored(SnapshotFile.Summary snapshot, long records) {}

  private MemberRestore() {}

  static Restored restore(Path snapshot, Path dataDir) throws IOException, ConfigException {
    SnapshotFile.Summary verified = SnapshotFile.verify(snapshot);
    boolean existed = Files.exists(dataDir);
    if (existed && (!Files.isDirectory(dataDir) || !isEmpty(dataDir))) {
      throw new ConfigException("data dir " + dataDir + " is not empty: restore prepares a new member; name an "
          + "empty or missing directory (never the directory of a running member)");
    }
    Files.createDirectories(dataDir);
    try (StoreSeeder seeder = StoreSeeder.create(dataDir)) {
      SnapshotFile.Summary read = SnapshotFile.read(snapshot,
          r -> seeder.put(r.getTable(), r.getKey().toByteArray(), r.getValue().toByteArray()));
      seeder.finish(read.header().getRevision());
      return new Restored(read, seeder.records());
    } catch (IOException | RuntimeException e) {
      StoreSeeder.discard(dataDir);
      if (!existed) {
        Files.deleteIfExists(dataDir);
      }
      throw e;
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}
