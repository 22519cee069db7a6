package io.meshkit.relay.routing;

import com.google.protobuf.InvalidProtocolBufferException;
import io.meshkit.proto.v1.RegistrySnapshotResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The last routing table the relay had, on disk, so that a relay restarted while the control plane is
 * unreachable still routes (and says it is stale). Written whole to a temporary file, synced, then
 * renamed over the previous one: a crash leaves either the old table or the new, never a torn one.
 */
public final class LastKnownGood {
  private final Path file;

  /** @param file where the table lives, e.g. {@code <dataDir>/routes.pb} */
  public LastKnownGood(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** Replaces the stored table with {@code table}. */
  public void save(RoutingTable table) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (var out = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
        out.write(java.nio.ByteBuffer.wrap(table.toSnapshot().toByteArray()));
        out.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the routing table to " + file + ": " + e.getMessage()
          + "; check the relay's data dir is writable", e);
    }
  }

  /**
   * The stored table; empty when there is none.
   *
   * @throws IllegalStateException naming the file when it exists but cannot be read as a table
   */
  public Optional<RoutingTable> load() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(RoutingTable.of(RegistrySnapshotResponse.parseFrom(Files.readAllBytes(file))));
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      throw new IllegalStateException("the last known good routing table " + file + " is unreadable ("
          + e.getMessage() + "); delete it to start without one", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the routing table " + file + ": " + e.getMessage(), e);
    }
  }
}
