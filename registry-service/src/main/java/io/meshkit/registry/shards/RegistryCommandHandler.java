package io.meshkit.registry.shards;

import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.v1.AuditRecord;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.CommandHandler;
import io.meshkit.raft.CommandLimits;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.raft.Table;
import java.util.Set;

/**
 * The registry's replicated commands: namespaces, shards and nodes in {@link Table#REGISTRY}, each
 * mutation with its audit record in {@link Table#AUDIT} and its watch events, all in the same apply.
 * Deterministic (see {@link CommandHandler}); business failures are {@code CommandFailure}s (not
 * found, already exists, epoch or version conflict, failed precondition) and change nothing.
 */
public final class RegistryCommandHandler implements CommandHandler {
  private static final Set<Command.CmdCase> COMMANDS = Set.of(Command.CmdCase.CREATE_NAMESPACE,
      Command.CmdCase.UPDATE_NAMESPACE, Command.CmdCase.DELETE_NAMESPACE, Command.CmdCase.CREATE_SHARDS,
      Command.CmdCase.ASSIGN_SHARD, Command.CmdCase.TRANSFER_SHARD, Command.CmdCase.SET_SHARD_STATUS,
      Command.CmdCase.REGISTER_NODE, Command.CmdCase.UPDATE_NODE, Command.CmdCase.SET_NODE_STATE);

  /** Whether {@code c} is a registry command. */
  public static boolean owns(Command.CmdCase c) {
    return COMMANDS.contains(c);
  }

  @Override
  public Set<Command.CmdCase> commands() {
    return COMMANDS;
  }

  @Override
  public void validate(Command command, CommandLimits limits) throws CommandRejectedException {
    switch (command.getCmdCase()) {
      case CREATE_NAMESPACE -> {
        RegistryValidation.namespace(command.getCreateNamespace().getNamespace());
        RegistryValidation.change(command.getCreateNamespace().getChange());
      }
      case UPDATE_NAMESPACE -> {
        RegistryValidation.namespace(command.getUpdateNamespace().getNamespace());
        RegistryValidation.expected("version", command.getUpdateNamespace().getExpectedVersion());
        RegistryValidation.change(command.getUpdateNamespace().getChange());
      }
      case DELETE_NAMESPACE -> {
        RegistryValidation.namespaceName(command.getDeleteNamespace().getName());
        RegistryValidation.change(command.getDeleteNamespace().getChange());
      }
      case CREATE_SHARDS -> {
        RegistryValidation.namespaceName(command.getCreateShards().getNamespace());
        RegistryValidation.change(command.getCreateShards().getChange());
      }
      case ASSIGN_SHARD -> {
        var r = command.getAssignShard();
        RegistryValidation.namespaceName(r.getNamespace());
        RegistryValidation.shardId(r.getShardId());
        RegistryValidation.replicas(r.getReplicasList());
        RegistryValidation.expected("epoch", r.getExpectedEpoch());
        RegistryValidation.change(r.getChange());
      }
      case TRANSFER_SHARD -> {
        var r = command.getTransferShard();
        RegistryValidation.namespaceName(r.getNamespace());
        RegistryValidation.shardId(r.getShardId());
        RegistryValidation.nodeId(r.getTo());
        RegistryValidation.expected("epoch", r.getExpectedEpoch());
        RegistryValidation.change(r.getChange());
      }
      case SET_SHARD_STATUS -> {
        var r = command.getSetShardStatus();
        RegistryValidation.namespaceName(r.getNamespace());
        RegistryValidation.shardId(r.getShardId());
        RegistryValidation.status(r.getStatus());
        RegistryValidation.expected("epoch", r.getExpectedEpoch());
        RegistryValidation.change(r.getChange());
      }
      case REGISTER_NODE -> {
        RegistryValidation.node(command.getRegisterNode().getNode());
        RegistryValidation.change(command.getRegisterNode().getChange());
      }
      case UPDATE_NODE -> {
        RegistryValidation.node(command.getUpdateNode().getNode());
        RegistryValidation.expected("version", command.getUpdateNode().getExpectedVersion());
        RegistryValidation.change(command.getUpdateNode().getChange());
      }
      case SET_NODE_STATE -> {
        RegistryValidation.nodeId(command.getSetNodeState().getId());
        RegistryValidation.state(command.getSetNodeState().getState());
        RegistryValidation.change(command.getSetNodeState().getChange());
      }
      default -> throw new IllegalArgumentException("not a registry command: " + command.getCmdCase());
    }
  }

  @Override
  public CommandResult apply(ApplyContext context, Command command) {
    AuditRecord audit = switch (command.getCmdCase()) {
      case CREATE_NAMESPACE -> NamespaceCommands.create(context, command.getCreateNamespace());
      case UPDATE_NAMESPACE -> NamespaceCommands.update(context, command.getUpdateNamespace());
      case DELETE_NAMESPACE -> NamespaceCommands.delete(context, command.getDeleteNamespace());
      case CREATE_SHARDS -> ShardCommands.create(context, command.getCreateShards());
      case ASSIGN_SHARD -> ShardCommands.assign(context, command.getAssignShard());
      case TRANSFER_SHARD -> ShardCommands.transfer(context, command.getTransferShard());
      case SET_SHARD_STATUS -> ShardCommands.setStatus(context, command.getSetShardStatus());
      case REGISTER_NODE -> NodeCommands.register(context, command.getRegisterNode());
      case UPDATE_NODE -> NodeCommands.update(context, command.getUpdateNode());
      case SET_NODE_STATE -> NodeCommands.setState(context, command.getSetNodeState());
      default -> throw new IllegalStateException("not a registry command: " + command.getCmdCase());
    };
    return CommandResult.newBuilder().setRegistryAudit(audit).build();
  }
}
