package io.meshkit.federation.descriptors;

import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.CommandHandler;
import io.meshkit.raft.CommandLimits;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.registry.shards.RegistryAccess;
import java.util.Set;

/**
 * The federation commands (500s): register and update a cluster descriptor. Each answers with the
 * registry audit record of what it changed, like a registry mutation.
 */
public final class FederationCommandHandler implements CommandHandler {
  private static final Set<Command.CmdCase> COMMANDS = Set.of(Command.CmdCase.REGISTER_CLUSTER,
      Command.CmdCase.UPDATE_CLUSTER);

  /** Whether {@code command} is one of federation's. */
  public static boolean owns(Command.CmdCase command) {
    return COMMANDS.contains(command);
  }

  @Override
  public Set<Command.CmdCase> commands() {
    return COMMANDS;
  }

  @Override
  public void validate(Command command, CommandLimits limits) throws CommandRejectedException {
    switch (command.getCmdCase()) {
      case REGISTER_CLUSTER -> {
        ClusterValidation.descriptor(command.getRegisterCluster().getCluster());
        ClusterValidation.role(command.getRegisterCluster().getCluster().getRole());
        RegistryAccess.validateChange(command.getRegisterCluster().getChange());
      }
      case UPDATE_CLUSTER -> {
        ClusterValidation.descriptor(command.getUpdateCluster().getCluster());
        if (command.getUpdateCluster().getExpectedVersion() < 0) {
          throw ClusterValidation.invalid("expected version " + command.getUpdateCluster().getExpectedVersion()
              + " is negative", "0 = unconditional");
        }
        RegistryAccess.validateChange(command.getUpdateCluster().getChange());
      }
      default -> throw new IllegalArgumentException("not a federation command: " + command.getCmdCase());
    }
  }

  @Override
  public CommandResult apply(ApplyContext context, Command command) {
    return CommandResult.newBuilder().setRegistryAudit(switch (command.getCmdCase()) {
      case REGISTER_CLUSTER -> ClusterCommands.register(context, command.getRegisterCluster());
      case UPDATE_CLUSTER -> ClusterCommands.update(context, command.getUpdateCluster());
      default -> throw new IllegalStateException("not a federation command: " + command.getCmdCase());
    }).build();
  }
}
