package io.meshkit.cli;

import io.meshkit.proto.v1.RevokeJoinTokenRequest;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code meshctl bootstrap revoke ID}. */
@Command(name = "revoke", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Revokes a join token: no further join succeeds with it. Certificates already issued with it "
        + "stay valid until they expire."},
    footer = {"", "Examples:",
        "  meshctl bootstrap revoke k3v9x2m1qa",
        "  meshctl bootstrap list -o json | jq -r '.tokens[] | select(.state == \"valid\") | .id' | xargs -n1 meshctl "
            + "bootstrap revoke"})
final class BootstrapRevokeCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The token's id (the part after mkjoin., as list shows it).")
  String id;

  @Override
  boolean writes() {
    return true;
  }

  @Override
  int run(Session session) {
    BootstrapViews.Token t = BootstrapViews.Token.of(session.client().bootstrap().revokeJoinToken(
        RevokeJoinTokenRequest.newBuilder().setId(id).build()).getToken(), Instant.now());
    session.output().print(t, out -> BootstrapText.revoked(out, t));
    return ExitCodes.OK;
  }
}
