package io.meshkit.raft;

import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import java.util.Set;

/**
 * Applies the commands that change nothing and matter only by their entry's index:
 * {@code ReadBarrierCommand}, the revision a linearizable read waits for (see {@link ReadBarriers}),
 * and {@code HashMarkerCommand}, after which the state machine pins the state to hash it (see
 * {@link StateHashes}).
 */
final class ReadBarrierHandler implements CommandHandler {

  @Override
  public Set<Command.CmdCase> commands() {
    return Set.of(Command.CmdCase.READ_BARRIER, Command.CmdCase.HASH_MARKER);
  }

  @Override
  public CommandResult apply(ApplyContext context, Command command) {
    return CommandResult.getDefaultInstance();
  }
}
