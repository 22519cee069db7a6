package io.meshkit.federation.descriptors;

import io.meshkit.federation.failover.FailoverCommands;
import io.meshkit.federation.replication.ReplicationBatches;
import io.meshkit.proto.internal.v1.ApplyReplicationBatchCommand;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.CommandHandler;
import io.meshkit.raft.CommandLimits;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.registry.shards.RegistryAccess;
import java.util.Set;

/**
 * The federation commands (500s): register and update a cluster descriptor (each answers with the
 * registry audit record of what it changed, like a registry mutation), and apply a replication batch
 * (answers with the checkpoint after it). Batches are the replicator's: they must carry a fence for
 * {@link #FEDERATION_SCOPE}, which the dispatcher checks against the scope's current token.
 */
public final class FederationCommandHandler implements CommandHandler {
  /** The election scope whose leader replicates and orchestrates failover. */
  public static final String FEDERATION_SCOPE = "meshkit/federation";
  private static final Set<Command.CmdCase> COMMANDS = Set.of(Command.CmdCase.REGISTER_CLUSTER,
      Command.CmdCase.UPDATE_CLUSTER, Command.CmdCase.APPLY_REPLICATION_BATCH, Command.CmdCase.FENCE_CLUSTER,
      Command.CmdCase.PROMOTE_CLUSTER);

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
      case APPLY_REPLICATION_BATCH -> {
        if (!command.hasFence() || !command.getFence().getScope().equals(FEDERATION_SCOPE)) {
          throw new CommandRejectedException(ErrorCode.FAILED_PRECONDITION, "replication batches are applied only"
              + " by the replicator, fenced with its " + FEDERATION_SCOPE + " token", "the replicator runs on its own;"
              + " see docs/federation.md");
        }
        ApplyReplicationBatchCommand b = command.getApplyReplicationBatch();
        ClusterValidation.id(b.getSource());
        if (!b.getResync() && (b.getFromRevision() < 1 || b.getToRevision() < b.getFromRevision())
            || b.getToRevision() < 1) {
          throw ClusterValidation.invalid("a batch from revision " + b.getFromRevision() + " to "
              + b.getToRevision(), "from >= 1 and to >= from");
        }
      }
      case FENCE_CLUSTER -> {
        ClusterValidation.id(command.getFenceCluster().getCluster());
        ClusterValidation.id(command.getFenceCluster().getSupersededBy());
        failoverPair(command.getFenceCluster().getCluster(), command.getFenceCluster().getSupersededBy(),
            command.getFenceCluster().getEpoch());
        RegistryAccess.validateChange(command.getFenceCluster().getChange());
      }
      case PROMOTE_CLUSTER -> {
        ClusterValidation.id(command.getPromoteCluster().getCluster());
        ClusterValidation.id(command.getPromoteCluster().getPrevious());
        failoverPair(command.getPromoteCluster().getCluster(), command.getPromoteCluster().getPrevious(),
            command.getPromoteCluster().getEpoch());
        RegistryAccess.validateChange(command.getPromoteCluster().getChange());
      }
      default -> throw new IllegalArgumentException("not a federation command: " + command.getCmdCase());
    }
  }

  private static void failoverPair(String a, String b, long epoch) throws CommandRejectedException {
    if (a.equals(b) || epoch < 1) {
      throw ClusterValidation.invalid("a failover between " + a + " and " + b + " at epoch " + epoch,
          "name two different clusters and an epoch >= 1");
    }
  }

  @Override
  public CommandResult apply(ApplyContext context, Command command) {
    switch (command.getCmdCase()) {
      case APPLY_REPLICATION_BATCH -> {
        return CommandResult.newBuilder().setReplicationCheckpoint(ReplicationBatches.apply(context,
            command.getApplyReplicationBatch())).build();
      }
      case FENCE_CLUSTER -> {
        return CommandResult.newBuilder().setRegistryAudit(FailoverCommands.fence(context, command.getFenceCluster()))
            .build();
      }
      case PROMOTE_CLUSTER -> {
        return CommandResult.newBuilder().setFailover(FailoverCommands.promote(context, command.getPromoteCluster()))
            .build();
      }
      default -> { }
    }
    return CommandResult.newBuilder().setRegistryAudit(switch (command.getCmdCase()) {
      case REGISTER_CLUSTER -> ClusterCommands.register(context, command.getRegisterCluster());
      case UPDATE_CLUSTER -> ClusterCommands.update(context, command.getUpdateCluster());
      default -> throw new IllegalStateException("not a federation command: " + command.getCmdCase());
    }).build();
  }
}
