package io.meshkit.rebalancer.state;

import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.internal.v1.LogEntry;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.CreateShardsRequest;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Fence;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.NamespacePolicy;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegisterNodeRequest;
import io.meshkit.proto.v1.Shard;
import io.meshkit.raft.CommandDispatcher;
import io.meshkit.raft.CommandHandler;
import io.meshkit.raft.CommandLimits;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.raft.EntryApplier;
import io.meshkit.raft.FenceAuthority;
import io.meshkit.raft.KeyValueReader;
import io.meshkit.raft.MeshStore;
import io.meshkit.raft.ReadView;
import io.meshkit.registry.shards.RegistryAccess;
import io.meshkit.registry.shards.RegistryCommandHandler;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A real store driven like the state machine drives it, with the registry and rebalance handlers and
 * no Ratis. The controller scope's current token is {@link #token} (elections have their own tests).
 */
final class RebalanceApplyFixture implements AutoCloseable {
  /** Stands in for the election handler: the controller scope's token is whatever the test sets. */
  final class TestFences implements CommandHandler, FenceAuthority {
    @Override
    public Set<Command.CmdCase> commands() {
      return Set.of();
    }

    @Override
    public CommandResult apply(io.meshkit.raft.ApplyContext context, Command command) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<String> violation(KeyValueReader state, Fence fence) {
      return fence.getScope().equals(RebalanceCommandHandler.CONTROLLER_SCOPE) && fence.getToken() == token
          ? Optional.empty() : Optional.of("token " + fence.getToken() + " is not current (" + token + ")");
    }
  }

  final CommandDispatcher dispatcher = new CommandDispatcher(List.of(new RegistryCommandHandler(),
      new RebalanceCommandHandler(), new TestFences()), CommandLimits.DEFAULTS);
  private final EntryApplier applier = new EntryApplier(dispatcher);
  final MeshStore store;
  long index;
  long token = 7;
  /** Apply time of the next entry (ms); advances 10 ms per entry. */
  long clock = 1_000_000;

  RebalanceApplyFixture(Path dir) {
    store = MeshStore.open(dir);
  }

  CommandResult apply(Command command) throws CommandRejectedException {
    dispatcher.validate(command);
    index++;
    clock += 10;
    return applier.apply(store, 1, index, LogEntry.newBuilder().setCommand(command).setLeaderTimeUnixMs(clock)
        .build()).result();
  }

  CommandResult ok(Command command) throws CommandRejectedException {
    CommandResult result = apply(command);
    if (result.getCode() != ErrorCode.ERROR_CODE_UNSPECIFIED) {
      throw new AssertionError(command.getCmdCase() + " failed: " + result.getCode() + " " + result.getMessage());
    }
    return result;
  }

  Fence fence() {
    return Fence.newBuilder().setScope(RebalanceCommandHandler.CONTROLLER_SCOPE).setToken(token).build();
  }

  <T> T read(Function<ReadView, T> reader) {
    try (ReadView view = store.readView()) {
      return reader.apply(view);
    }
  }

  Shard shard(String ns, int id) {
    return read(v -> RegistryAccess.shard(v, ns, id).orElseThrow());
  }

  /** Nodes n1..n{nodes} in zone a; namespace {@code ns} of {@code shards} shards, replication 1. */
  void setup(String ns, int nodes, int shards, NamespacePolicy policy) throws CommandRejectedException {
    for (int i = 1; i <= nodes; i++) {
      ok(Command.newBuilder().setRegisterNode(RegisterNodeRequest.newBuilder().setNode(Node.newBuilder()
          .setId("n" + i).addEndpoints("n" + i + ":8080").setZone("a"))).build());
    }
    ok(Command.newBuilder().setCreateNamespace(CreateNamespaceRequest.newBuilder().setNamespace(Namespace.newBuilder()
        .setName(ns).setShardCount(shards).setReplicationFactor(1).setPolicy(policy)
        .setHashing(HashingStrategy.newBuilder().setRendezvous(HashingStrategy.Rendezvous.getDefaultInstance()))))
        .build());
    ok(Command.newBuilder().setCreateShards(CreateShardsRequest.newBuilder().setNamespace(ns)).build());
  }

  @Override
  public void close() {
    store.close();
  }
}
