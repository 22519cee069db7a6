package io.meshkit.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The files a join writes into its output directory: {@code key.pem} and {@code gossip.key} readable by
 * the owner only (0600), {@code cert.pem}, {@code ca.pem}, {@code peers.json}. Existing files are never
 * replaced without {@code force}; that is checked before anything is asked of the cluster.
 */
final class JoinFiles {
  static final String KEY = "key.pem";
  static final String CERT = "cert.pem";
  static final String CA = "ca.pem";
  static final String GOSSIP_KEY = "gossip.key";
  static final String PEERS = "peers.json";

  private final Path dir;
  private final boolean force;

  JoinFiles(Path dir, boolean force) {
    this.dir = dir;
    this.force = force;
  }

  Path path(String file) {
    return dir.resolve(file).toAbsolutePath();
  }

  /** Throws {@link UsageException} when a file a join writes exists and may not be replaced. */
  void requireWritable() {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UsageException("--out " + dir + " is a file, not a directory");
    }
    if (force) {
      return;
    }
    List<String> existing = List.of(KEY, CERT, CA, GOSSIP_KEY, PEERS).stream().filter(f -> Files.exists(dir.resolve(f)))
        .toList();
    if (!existing.isEmpty()) {
      throw new UsageException("--out " + dir + " already holds " + String.join(", ", existing) + ": choose another "
          + "directory, or add --force to replace them");
    }
  }

  /**
   * Writes {@code file} as a new file (with {@code force}, the old one is deleted first); {@code secret}
   * ones are created 0600 before a byte is written.
   */
  void write(String file, String text, boolean secret) {
    try {
      Files.createDirectories(dir);
      Path target = dir.resolve(file);
      if (force) {
        Files.deleteIfExists(target);
      }
      if (secret) {
        Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(target);
      }
      Files.writeString(target, text, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (FileAlreadyExistsException e) {
      throw new UsageException(dir.resolve(file) + " appeared while joining; add --force to replace it");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(file) + ": " + e.getMessage(), e);
    }
  }
}
