package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl policy get}. */
@Command(name = "get", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = "The transport policy, and the settings of the answering member's own config that violate it.",
    footer = {"", "Examples:",
        "  meshctl policy get",
        "  meshctl --endpoints 10.0.0.2:7001 policy get -o json"})
final class PolicyGetCommand extends ClientCommand {
  @Override
  int run(Session session) {
    PolicyViews.Current current = PolicyViews.Current.of(session.client().policy().get());
    session.output().print(current, out -> PolicyText.current(out, current));
    return ExitCodes.OK;
  }
}
