package io.meshkit.registry.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import io.meshkit.proto.internal.v1.LogEntry;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.raft.CommandDispatcher;
import io.meshkit.raft.CommandLimits;
import io.meshkit.raft.EntryApplier;
import io.meshkit.raft.MeshStore;
import io.meshkit.registry.kv.KvCommandHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One replica's apply path without Ratis, on a real RocksDB {@link MeshStore} in a temporary
 * directory: the entry bytes are decoded as {@code MeshStateMachine.applyTransaction} decodes the
 * Ratis log data, then applied by the same {@link EntryApplier}, {@link CommandDispatcher} and
 * {@link KvCommandHandler} at consecutive indexes. Not included: Ratis itself and the watch-hub
 * publish that follows each apply (measured on its own by the watch fan-out benchmark).
 *
 * <p>Single-threaded, like the state machine's apply thread. {@link #close()} deletes the directory.
 */
final class KvReplica implements AutoCloseable {
  private static final long TERM = 1;

  private final Path dir;
  private final MeshStore store;
  private final EntryApplier applier =
      new EntryApplier(new CommandDispatcher(List.of(new KvCommandHandler()), CommandLimits.DEFAULTS));
  private long index;

  private KvReplica(Path dir) {
    this.dir = dir;
    this.store = MeshStore.open(dir.resolve("db"));
  }

  static KvReplica inTempDir() throws IOException {
    return new KvReplica(Files.createTempDirectory("meshkit-bench-"));
  }

  /**
   * Decodes and applies one entry at the next index and returns its index. A business error in the
   * result is a broken benchmark, not a measurement, so it throws.
   */
  long apply(byte[] entryBytes) throws InvalidProtocolBufferException {
    LogEntry entry = LogEntry.parseFrom(entryBytes);
    EntryApplier.Outcome outcome = applier.apply(store, TERM, ++index, entry);
    if (outcome.result().getCode() != ErrorCode.ERROR_CODE_UNSPECIFIED) {
      throw new IllegalStateException("entry " + index + " failed: " + outcome.result());
    }
    return index;
  }

  @Override
  public void close() {
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
