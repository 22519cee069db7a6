package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl auth whoami}. */
@Command(name = "whoami", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = "Who the member takes you for (certificate, token or anonymous) and the roles you hold. Allowed to "
        + "every caller.",
    footer = {"", "Examples:",
        "  meshctl auth whoami",
        "  meshctl --token mktok.... auth whoami -o json   # or MESHKIT_TOKEN=mktok.... in the environment"})
final class AuthWhoamiCommand extends ClientCommand {
  @Override
  int run(Session session) {
    AuthViews.WhoAmI me = AuthViews.WhoAmI.of(session.client().auth().whoAmI());
    session.output().print(me, out -> AuthText.whoAmI(out, me));
    return ExitCodes.OK;
  }
}
