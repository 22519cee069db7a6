package io.meshkit.raft;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;

/**
 * Snapshots as RocksDB checkpoints: {@code <state>/snapshots/<term>_<index>/}. Ratis streams these
 * files to lagging followers and, on install, replaces the whole snapshots directory with the
 * received one (staged in {@code <state>/snapshots.tmp/}, same filesystem). The live database lives
 * in {@code <state>/db/}, never inside the snapshots directory.
 */
final class CheckpointStorage implements StateMachineStorage {
  private final Path snapshotsDir;
  private final Path tmpDir;
  private volatile FileListSnapshotInfo latest;

  /**
   * @param stateDir may be relative (a data dir given as {@code ./data}); it is made absolute, because
   *     a leader sends a snapshot file by its path relative to {@link #getSnapshotDir()} and the
   *     described files are absolute: a relative snapshot dir made every install fail
   */
  CheckpointStorage(Path stateDir) {
    Path absolute = stateDir.toAbsolutePath().normalize();
    this.snapshotsDir = absolute.resolve("snapshots");
    this.tmpDir = absolute.resolve("snapshots.tmp");
  }

  @Override
  public void init(RaftStorage raftStorage) throws IOException {
    Files.createDirectories(snapshotsDir);
    Files.createDirectories(tmpDir);
    reload();
  }

  /** Re-reads the newest checkpoint from disk (after startup or a snapshot install). */
  void reload() throws IOException {
    Optional<Path> newest = newestCheckpoint();
    latest = newest.isPresent() ? describe(newest.get()) : null;
  }

  @Override
  public FileListSnapshotInfo getLatestSnapshot() {
    return latest;
  }

  @Override
  public void format() {}

  @Override
  public File getSnapshotDir() {
    return snapshotsDir.toFile();
  }

  @Override
  public File getTmpDir() {
    return tmpDir.toFile();
  }

  /** A fresh, non-existing path under the tmp dir where a checkpoint can be staged. */
  Path stagingPath(TermIndex termIndex) throws IOException {
    Path staged = tmpDir.resolve("checkpoint-" + dirName(termIndex));
    deleteRecursively(staged);
    return staged;
  }

  /** Atomically publishes a staged checkpoint as the newest snapshot. */
  void publish(Path staged, TermIndex termIndex) throws IOException {
    Path target = snapshotsDir.resolve(dirName(termIndex));
    deleteRecursively(target);
    Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
    latest = describe(target);
  }

  /** The directory of the newest checkpoint, if any. */
  Optional<Path> newestCheckpoint() throws IOException {
    if (!Files.isDirectory(snapshotsDir)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(snapshotsDir)) {
      return dirs.filter(p -> parse(p).isPresent()).max(Comparator.comparing(p -> parse(p).get()));
    }
  }

  @Override
  public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
    int keep = policy.getNumSnapshotsRetained();
    if (keep <= 0) {
      return;
    }
    List<Path> dirs;
    try (Stream<Path> list = Files.list(snapshotsDir)) {
      dirs = new ArrayList<>(list.filter(p -> parse(p).isPresent())
          .sorted(Comparator.comparing((Path p) -> parse(p).get()).reversed()).toList());
    }
    for (Path old : dirs.subList(Math.min(keep, dirs.size()), dirs.size())) {
      deleteRecursively(old);
    }
  }

  static String dirName(TermIndex ti) {
    return ti.getTerm() + "_" + ti.getIndex();
  }

  static Optional<TermIndex> parse(Path dir) {
    String name = dir.getFileName().toString();
    int sep = name.indexOf('_');
    if (sep <= 0 || !Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try {
      return Optional.of(TermIndex.valueOf(Long.parseLong(name.substring(0, sep)),
          Long.parseLong(name.substring(sep + 1))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static FileListSnapshotInfo describe(Path dir) throws IOException {
    TermIndex ti = parse(dir).orElseThrow();
    List<FileInfo> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p) && !p.getFileName().toString().endsWith(".md5")) {
          files.add(new FileInfo(p.toAbsolutePath(), null));
        }
      }
    }
    return new FileListSnapshotInfo(files, ti);
  }

  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
