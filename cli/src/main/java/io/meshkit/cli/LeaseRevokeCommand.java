package io.meshkit.cli;

import io.meshkit.proto.v1.LeaseRevokeResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code meshctl lease revoke ID}. */
@Command(name = "revoke", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Revokes lease ID now: every key and election candidacy attached to it is deleted in the "
        + "same step (a leader among them steps down; the next candidate takes office).",
        "Prints how many keys and candidacies went with it. A lease that is already gone is refused (exit 1)."},
    footer = {"", "Examples:",
        "  meshctl lease revoke 42",
        "  meshctl lease revoke 42 -o json"})
final class LeaseRevokeCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The lease id (lease list shows them).")
  long id;

  @Override
  void validate(CliContext context) {
    LeaseTtlCommand.requireLeaseId(id);
  }

  @Override
  boolean writes() {
    return true;
  }

  @Override
  int run(Session session) {
    LeaseRevokeResponse response = session.client().revokeLease(id);
    LeadershipViews.LeaseRevoke result =
        new LeadershipViews.LeaseRevoke(Views.Header.of(response.getHeader()), id, response.getDetached());
    session.output().print(result, out -> LeadershipText.revoke(out, result));
    return ExitCodes.OK;
  }
}
