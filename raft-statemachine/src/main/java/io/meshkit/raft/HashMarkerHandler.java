package io.meshkit.raft;

import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import java.util.Set;

/**
 * Applies {@code HashMarkerCommand}: nothing. The state machine pins the state right after the
 * marker's entry for {@link StateHashes}; the entry matters only by its index.
 */
final class HashMarkerHandler implements CommandHandler {

  @Override
  public Set<Command.CmdCase> commands() {
    return Set.of(Command.CmdCase.HASH_MARKER);
  }

  @Override
  public CommandResult apply(ApplyContext context, Command command) {
    return CommandResult.getDefaultInstance();
  }
}
