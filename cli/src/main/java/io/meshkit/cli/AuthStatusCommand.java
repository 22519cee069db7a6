package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl auth status}. */
@Command(name = "status", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = "Whether access control is enforced, and the roles (with their grants), users and tokens (never "
        + "their secrets).",
    footer = {"", "Examples:",
        "  meshctl auth status",
        "  meshctl auth status -o json | jq '.users[] | select(.roles | index(\"admin\"))'"})
final class AuthStatusCommand extends ClientCommand {
  @Override
  int run(Session session) {
    AuthViews.Status status = AuthViews.Status.of(session.client().auth().status());
    session.output().print(status, out -> AuthText.status(out, status));
    return ExitCodes.OK;
  }
}
