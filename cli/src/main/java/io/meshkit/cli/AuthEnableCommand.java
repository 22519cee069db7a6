package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl auth enable}. */
@Command(name = "enable", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Turns enforcement on, on every member: from then on each call needs a role that grants it.",
        "Refused unless you would be an admin afterwards (so someone can still manage access), and on a member "
            + "without TLS client certificates (members identify each other by their certificates)."},
    footer = {"", "Examples:",
        "  meshctl --cacert ca.pem --cert admin.pem --key admin.key auth enable",
        "  meshctl auth enable -o json | jq .enabled"})
final class AuthEnableCommand extends ClientCommand {
  @Override
  boolean writes() {
    return true;
  }

  @Override
  int run(Session session) {
    AuthViews.Status status = AuthViews.Status.of(session.client().auth().enable());
    session.output().print(status, out -> out.println("auth enabled (revision " + status.header().revision()
        + "): every call now needs a role that grants it"));
    return ExitCodes.OK;
  }
}
