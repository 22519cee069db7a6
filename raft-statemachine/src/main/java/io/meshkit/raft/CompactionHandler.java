package io.meshkit.raft;

import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.internal.v1.CompactResult;
import io.meshkit.proto.v1.ErrorCode;
import java.util.Set;

/**
 * Applies {@code CompactCommand}: drops watch history below a revision. The revision is chosen
 * before the command enters the log (by the leader's retention task or an operator), so apply only
 * reads the command.
 */
final class CompactionHandler implements CommandHandler {

  @Override
  public Set<Command.CmdCase> commands() {
    return Set.of(Command.CmdCase.COMPACT);
  }

  @Override
  public void validate(Command command, CommandLimits limits) throws CommandRejectedException {
    if (command.getCompact().getRevision() <= 0) {
      throw new CommandRejectedException(ErrorCode.INVALID_ARGUMENT,
          "compaction revision must be positive", "pass the revision below which history is dropped");
    }
  }

  @Override
  public CommandResult apply(ApplyContext context, Command command) {
    long requested = command.getCompact().getRevision();
    if (requested > context.revision()) {
      return CommandResult.newBuilder().setCode(ErrorCode.FUTURE_REVISION)
          .setMessage("cannot compact at revision " + requested + ": the store is at " + context.revision())
          .build();
    }
    ((EntryBatch) context).compactEventsBelow(requested);
    return CommandResult.newBuilder()
        .setCompact(CompactResult.newBuilder().setCompactRevision(requested))
        .build();
  }
}
