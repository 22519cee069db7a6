package io.meshkit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code meshctl member remove}. */
@Command(name = "remove", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Removes a member from the configuration. A voter's removal is refused, with the reason, when "
        + "the voters left would not have a quorum that is reachable and caught up, or when it is the last voter. "
        + "Removing the leader hands leadership to a caught-up voter first.",
        "Stop the removed member's process afterwards; its /readyz reports that it was removed."},
    footer = {"", "Examples:",
        "  meshctl member remove n3",
        "  meshctl --endpoints 10.0.0.1:7001 member remove n3 -o json"})
final class MemberRemoveCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The member to remove.")
  String id;

  @Override
  int run(Session session) {
    return MemberViews.printChange(session, session.client().members().remove(id), "removed " + id);
  }
}
