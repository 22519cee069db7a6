package io.meshkit.registry.kv;

import com.google.protobuf.ByteString;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.internal.v1.LogEntry;
import io.meshkit.proto.v1.RangeRequest;
import io.meshkit.proto.v1.RangeResponse;
import io.meshkit.raft.CommandDispatcher;
import io.meshkit.raft.CommandLimits;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.raft.EntryApplier;
import io.meshkit.raft.MeshStore;
import io.meshkit.raft.ReadView;
import io.meshkit.raft.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A store driven like the state machine drives it, without Ratis: entries applied in index order. */
final class KvApplyFixture implements AutoCloseable {
  final CommandDispatcher dispatcher = new CommandDispatcher(List.of(new KvCommandHandler()), CommandLimits.DEFAULTS);
  private final EntryApplier applier = new EntryApplier(dispatcher);
  private final Path dir;
  MeshStore store;
  long index;

  KvApplyFixture(Path dir) {
    this.dir = dir;
    this.store = MeshStore.open(dir);
    this.index = store.applied().getIndex();
  }

  /** Validates like the leader, then applies at the next index with leader time {@code index * 10}. */
  CommandResult apply(Command command) throws CommandRejectedException {
    dispatcher.validate(command);
    return applyAt(++index, command);
  }

  CommandResult applyAt(long at, Command command) {
    LogEntry entry = LogEntry.newBuilder().setCommand(command).setLeaderTimeUnixMs(at * 10).build();
    return applier.apply(store, 1, at, entry).result();
  }

  RangeResponse range(RangeRequest request) {
    try (ReadView view = store.readView()) {
      return KvReads.range(view, request);
    }
  }

  void reopen() {
    store.close();
    store = MeshStore.open(dir);
  }

  /** Every table's content, for byte-for-byte comparison between stores. */
  Map<String, String> dump() {
    Map<String, String> out = new TreeMap<>();
    try (ReadView view = store.readView()) {
      for (Table t : Table.values()) {
        view.scan(t, null, null, (k, v) -> {
          out.put(t + "/" + ByteString.copyFrom(k).toStringUtf8() + "/" + java.util.HexFormat.of().formatHex(k),
              java.util.HexFormat.of().formatHex(v));
          return true;
        });
      }
    }
    return out;
  }

  static List<String> keys(RangeResponse r) {
    List<String> keys = new ArrayList<>();
    r.getKvsList().forEach(kv -> keys.add(kv.getKey().toStringUtf8()));
    return keys;
  }

  @Override
  public void close() {
    store.close();
  }
}
