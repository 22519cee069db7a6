package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl auth disable}. */
@Command(name = "disable", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = "Turns enforcement off: every call is allowed again. Roles, users and tokens are kept.",
    footer = {"", "Examples:",
        "  meshctl auth disable",
        "  meshctl auth disable && meshctl auth status"})
final class AuthDisableCommand extends ClientCommand {
  @Override
  boolean writes() {
    return true;
  }

  @Override
  int run(Session session) {
    AuthViews.Status status = AuthViews.Status.of(session.client().auth().disable());
    session.output().print(status, out -> out.println("auth disabled (revision " + status.header().revision()
        + "): every call is allowed"));
    return ExitCodes.OK;
  }
}
