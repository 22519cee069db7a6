package io.meshkit.federation;

import io.meshkit.federation.descriptors.FederationCommandHandler;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.internal.v1.LogEntry;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Fence;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.CommandDispatcher;
import io.meshkit.raft.CommandHandler;
import io.meshkit.raft.CommandLimits;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.raft.EntryApplier;
import io.meshkit.raft.FenceAuthority;
import io.meshkit.raft.KeyValueReader;
import io.meshkit.raft.MeshStore;
import io.meshkit.raft.ReadView;
import io.meshkit.registry.shards.RegistryCommandHandler;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One cluster's state machine without Ratis: a real store, the registry and federation handlers,
 * commands validated and applied in log order as the state machine applies them. The federation
 * office's current token is {@link #token} (elections have their own tests).
 */
public final class AppliedStore implements CommandHandler, FenceAuthority, AutoCloseable {
  private final MeshStore store;
  private final CommandDispatcher dispatcher = new CommandDispatcher(List.of(new RegistryCommandHandler(),
      new FederationCommandHandler(), this), CommandLimits.DEFAULTS);
  private final EntryApplier applier = new EntryApplier(dispatcher);
  private long index;
  /** The federation scope's current token; a fence with another is stale. */
  public long token = 1;

  public AppliedStore(Path dir) {
    store = MeshStore.open(dir);
  }

  /** The index (revision) of the last applied entry. */
  public long index() {
    return index;
  }

  /** Validates (throws as the service would refuse it) and applies {@code command} as the next entry. */
  public CommandResult apply(Command command) throws CommandRejectedException {
    dispatcher.validate(command);
    index++;
    return applier.apply(store, 1, index, LogEntry.newBuilder().setCommand(command)
        .setLeaderTimeUnixMs(1_000_000 + index).build()).result();
  }

  /** {@link #apply}, failing the test unless the command succeeded. */
  public CommandResult ok(Command command) throws CommandRejectedException {
    CommandResult r = apply(command);
    if (r.getCode() != ErrorCode.ERROR_CODE_UNSPECIFIED) {
      throw new AssertionError(command.getCmdCase() + " failed: " + r.getCode() + " " + r.getMessage());
    }
    return r;
  }

  /** Only validation: what the service would refuse before proposing. */
  public void validate(Command command) throws CommandRejectedException {
    dispatcher.validate(command);
  }

  public <T> T read(Function<ReadView, T> reader) {
    try (ReadView view = store.readView()) {
      return reader.apply(view);
    }
  }

  /** The federation office's fence with the current token. */
  public Fence fence() {
    return Fence.newBuilder().setScope(FederationCommandHandler.FEDERATION_SCOPE).setToken(token).build();
  }

  @Override
  public Set<Command.CmdCase> commands() {
    return Set.of();
  }

  @Override
  public CommandResult apply(ApplyContext context, Command command) {
    throw new UnsupportedOperationException("stands in for the election handler's fences only");
  }

  @Override
  public Optional<String> violation(KeyValueReader state, Fence fence) {
    return fence.getToken() == token ? Optional.empty() : Optional.of("stale token " + fence.getToken());
  }

  @Override
  public void close() {
    store.close();
  }
}
