package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl leaders list}. */
@Command(name = "list", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Lists every scope that has a leader: the leader, its fencing token, its lease and value."},
    footer = {"", "Examples:",
        "  meshctl leaders list",
        "  meshctl leaders list -o json | jq '.scopes[] | {scope, token}'"})
final class LeadersListCommand extends ClientCommand {
  @Override
  int run(Session session) {
    LeadershipViews.ScopeList result = LeadershipViews.ScopeList.of(session.client().listScopes());
    session.output().print(result, out -> LeadershipText.scopes(out, result));
    return ExitCodes.OK;
  }
}
