package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl lease list}. */
@Command(name = "list", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Lists every lease: its id, the TTL it was granted and the revision of the grant "
        + "(lease ttl ID shows the time left)."},
    footer = {"", "Examples:",
        "  meshctl lease list",
        "  meshctl lease list -o json | jq '.leases[].id'"})
final class LeaseListCommand extends ClientCommand {
  @Override
  int run(Session session) {
    LeadershipViews.LeaseList result = LeadershipViews.LeaseList.of(session.client().listLeases());
    session.output().print(result, out -> LeadershipText.leases(out, result));
    return ExitCodes.OK;
  }
}
