package io.meshkit.raft;

import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import java.util.Set;

/**
 * Applies {@code ReadBarrierCommand}: nothing. Its entry matters only by its index — the revision
 * a linearizable read waits for (see {@link ReadBarriers}).
 */
final class ReadBarrierHandler implements CommandHandler {

  @Override
  public Set<Command.CmdCase> commands() {
    return Set.of(Command.CmdCase.READ_BARRIER);
  }

  @Override
  public CommandResult apply(ApplyContext context, Command command) {
    return CommandResult.getDefaultInstance();
  }
}
