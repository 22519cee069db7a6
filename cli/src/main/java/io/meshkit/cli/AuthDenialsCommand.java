package io.meshkit.cli;

import io.meshkit.proto.v1.ListDenialsResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meshctl auth denials}. */
@Command(name = "denials", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"The latest calls refused for lack of identity or permission, newest first, as the member that "
        + "answers saw them (each member keeps its last 256 in memory; all are also logged on the meshkit.audit "
        + "logger and counted in meshkit_auth_denials_total).",
        "Ask a given member with --endpoints HOST:PORT."},
    footer = {"", "Examples:",
        "  meshctl auth denials --limit 20",
        "  meshctl --endpoints 10.0.0.2:7001 auth denials -o json"})
final class AuthDenialsCommand extends ClientCommand {
  @Option(names = "--limit", paramLabel = "N", description = "At most N refusals (1-256). Default: 100.")
  int limit = 100;

  @Override
  void validate(CliContext context) {
    if (limit < 1 || limit > 256) {
      throw new UsageException("--limit " + limit + " is outside 1..256");
    }
  }

  @Override
  int run(Session session) {
    ListDenialsResponse r = session.client().auth().listDenials(limit);
    AuthViews.Denials denials = new AuthViews.Denials(r.getHeader().getMemberId(),
        r.getDenialsList().stream().map(AuthViews.DenialView::of).toList());
    session.output().print(denials, out -> AuthText.denials(out, denials));
    return ExitCodes.OK;
  }
}
