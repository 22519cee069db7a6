package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl member list}. */
@Command(name = "list", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Lists the voters and listeners with the leader's view of each: the highest log index it holds "
        + "(MATCH), how far it trails the commit index (LAG), when the leader last heard from it, and whether it "
        + "counts as caught up (what promote, remove and leader transfer check)."},
    footer = {"", "Examples:",
        "  meshctl member list",
        "  meshctl member list -o json"})
final class MemberListCommand extends ClientCommand {
  @Override
  int run(Session session) {
    MemberViews.Members members = MemberViews.Members.of(session.client().members().list());
    session.output().print(members, members::table);
    return ExitCodes.OK;
  }
}
