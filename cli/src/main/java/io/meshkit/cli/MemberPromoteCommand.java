package io.meshkit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code meshctl member promote}. */
@Command(name = "promote", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Makes a listener a voter. Refused, with the reason, unless the leader has heard from it "
        + "recently and it trails the commit index by at most 1000 entries."},
    footer = {"", "Examples:",
        "  meshctl member promote n4",
        "  meshctl member promote n4 -o json"})
final class MemberPromoteCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The listener to promote.")
  String id;

  @Override
  int run(Session session) {
    return MemberViews.printChange(session, session.client().members().promote(id), "promoted " + id + " to voter");
  }
}
