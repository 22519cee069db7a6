package io.meshkit.registry.shards;

import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.internal.v1.LogEntry;
import io.meshkit.proto.v1.AuditRecord;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.CreateShardsRequest;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegisterNodeRequest;
import io.meshkit.raft.CommandDispatcher;
import io.meshkit.raft.CommandLimits;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.raft.EntryApplier;
import io.meshkit.raft.MeshStore;
import io.meshkit.raft.ReadView;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** A real store driven like the state machine drives it, with the registry handler, no Ratis. */
final class RegistryApplyFixture implements AutoCloseable {
  final CommandDispatcher dispatcher = new CommandDispatcher(List.of(new RegistryCommandHandler()),
      CommandLimits.DEFAULTS);
  private final EntryApplier applier = new EntryApplier(dispatcher);
  final MeshStore store;
  long index;

  RegistryApplyFixture(Path dir) {
    store = MeshStore.open(dir);
  }

  /** Validates like the leader, then applies at the next index. */
  CommandResult apply(Command command) throws CommandRejectedException {
    dispatcher.validate(command);
    index++;
    return applier.apply(store, 1, index, LogEntry.newBuilder().setCommand(command).setLeaderTimeUnixMs(index * 10)
        .build()).result();
  }

  /** Applies and requires success; the audit record. */
  AuditRecord ok(Command command) throws CommandRejectedException {
    CommandResult result = apply(command);
    if (result.getCode() != ErrorCode.ERROR_CODE_UNSPECIFIED) {
      throw new AssertionError(command.getCmdCase() + " failed: " + result.getCode() + " " + result.getMessage());
    }
    return result.getRegistryAudit();
  }

  <T> T read(Function<ReadView, T> reader) {
    try (ReadView view = store.readView()) {
      return reader.apply(view);
    }
  }

  static Command register(String id, String zone) {
    return Command.newBuilder().setRegisterNode(RegisterNodeRequest.newBuilder().setNode(Node.newBuilder().setId(id)
        .addEndpoints(id + ":8080").setZone(zone))).build();
  }

  static Namespace rendezvous(String name, int shards, int replicas) {
    return Namespace.newBuilder().setName(name).setShardCount(shards).setReplicationFactor(replicas)
        .setHashing(HashingStrategy.newBuilder().setRendezvous(HashingStrategy.Rendezvous.getDefaultInstance()))
        .build();
  }

  static Command createNamespace(Namespace ns) {
    return Command.newBuilder().setCreateNamespace(CreateNamespaceRequest.newBuilder().setNamespace(ns)).build();
  }

  static Command createShards(String ns) {
    return Command.newBuilder().setCreateShards(CreateShardsRequest.newBuilder().setNamespace(ns)).build();
  }

  /** Three nodes in three zones, a namespace of {@code shards} shards with 3 replicas, shards created. */
  void standardSetup(String ns, int shards) throws CommandRejectedException {
    ok(register("node-1", "a"));
    ok(register("node-2", "b"));
    ok(register("node-3", "c"));
    ok(createNamespace(rendezvous(ns, shards, 3)));
    ok(createShards(ns));
  }

  @Override
  public void close() {
    store.close();
  }
}
