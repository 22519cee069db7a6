package io.meshkit.access.bootstrap;

import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.internal.v1.ConsumeJoinTokenCommand;
import io.meshkit.proto.internal.v1.IssueJoinTokenCommand;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.CommandHandler;
import io.meshkit.raft.CommandLimits;
import io.meshkit.raft.CommandRejectedException;
import java.util.Set;

/**
 * The bootstrap commands (620s): issue, consume and revoke a join token. Each answers with the token
 * as it is after the entry (never its secret hash).
 */
public final class JoinTokenCommandHandler implements CommandHandler {
  private static final Set<Command.CmdCase> COMMANDS = Set.of(Command.CmdCase.ISSUE_JOIN_TOKEN,
      Command.CmdCase.CONSUME_JOIN_TOKEN, Command.CmdCase.REVOKE_JOIN_TOKEN);

  @Override
  public Set<Command.CmdCase> commands() {
    return COMMANDS;
  }

  @Override
  public void validate(Command command, CommandLimits limits) throws CommandRejectedException {
    switch (command.getCmdCase()) {
      case ISSUE_JOIN_TOKEN -> {
        IssueJoinTokenCommand c = command.getIssueJoinToken();
        JoinTokenLimits.id(c.getId());
        JoinTokenLimits.secretHash(c.getSecretSha256().toByteArray());
        JoinTokenLimits.role(c.getRole());
        JoinTokenLimits.ttl(c.getTtlMs());
        JoinTokenLimits.uses(c.getUsesAllowed());
        JoinTokenLimits.creator(c.getCreatedBy());
      }
      case CONSUME_JOIN_TOKEN -> {
        ConsumeJoinTokenCommand c = command.getConsumeJoinToken();
        JoinTokenLimits.id(c.getId());
        JoinTokenLimits.secretHash(c.getSecretSha256().toByteArray());
        JoinTokenLimits.joiner(c.getJoiner());
      }
      case REVOKE_JOIN_TOKEN -> JoinTokenLimits.id(command.getRevokeJoinToken().getId());
      default -> throw new IllegalArgumentException("not a bootstrap command: " + command.getCmdCase());
    }
  }

  /** Deterministic: reads only the command, the access table and the apply time. */
  @Override
  public CommandResult apply(ApplyContext context, Command command) {
    return CommandResult.newBuilder().setJoinToken(switch (command.getCmdCase()) {
      case ISSUE_JOIN_TOKEN -> JoinTokenCommands.issue(context, command.getIssueJoinToken());
      case CONSUME_JOIN_TOKEN -> JoinTokenCommands.consume(context, command.getConsumeJoinToken());
      case REVOKE_JOIN_TOKEN -> JoinTokenCommands.revoke(context, command.getRevokeJoinToken());
      default -> throw new IllegalStateException("not a bootstrap command: " + command.getCmdCase());
    }).build();
  }
}
