package io.meshkit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code meshctl leaders get SCOPE}. */
@Command(name = "get", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Shows SCOPE's leader, its value and fencing token, and every live candidate in order of "
        + "succession (the leader first, marked *). Linearizable.",
        "LEASE and REVISION identify a candidacy (leaders resign takes them). A scope without a leader prints "
            + "'SCOPE has no leader' and exits 0."},
    footer = {"", "Examples:",
        "  meshctl leaders get rebalancer",
        "  meshctl leaders get rebalancer -o json | jq .leadership.token"})
final class LeadersGetCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "SCOPE", description = "The election's scope.")
  String scope;

  @Override
  void validate(CliContext context) {
    requireName("SCOPE", scope);
  }

  /** Scopes and candidates are non-empty names; the server checks the rest. */
  static void requireName(String what, String name) {
    if (name.isEmpty()) {
      throw new UsageException(what + " must not be empty; use a name such as 'rebalancer' or 'node-1'");
    }
  }

  @Override
  int run(Session session) {
    LeadershipViews.LeaderDetail result = LeadershipViews.LeaderDetail.of(session.client().leader(scope));
    session.output().print(result, out -> LeadershipText.leader(out, result));
    return ExitCodes.OK;
  }
}
