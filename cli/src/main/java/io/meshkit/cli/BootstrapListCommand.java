package io.meshkit.cli;

import io.meshkit.proto.v1.ListJoinTokensRequest;
import io.meshkit.proto.v1.ListJoinTokensResponse;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code meshctl bootstrap list}. */
@Command(name = "list", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Lists join tokens, never their secrets: role, state (valid, expired, used-up, revoked), uses, "
        + "expiry, who issued each and who joined with it. Linearizable unless --serializable."},
    footer = {"", "Examples:",
        "  meshctl bootstrap list",
        "  meshctl bootstrap list -o json | jq -r '.tokens[] | select(.state == \"valid\") | .id'"})
final class BootstrapListCommand extends ClientCommand {
  @Mixin
  ReadOptions read;

  @Override
  int run(Session session) {
    ListJoinTokensResponse r = session.client().bootstrap().listJoinTokens(ListJoinTokensRequest.newBuilder()
        .setSerializable(read.serializable).build());
    Instant now = Instant.now();
    BootstrapViews.TokenList list = new BootstrapViews.TokenList(Views.Header.of(r.getHeader()),
        r.getTokensList().stream().map(t -> BootstrapViews.Token.of(t, now)).toList());
    session.output().print(list, out -> BootstrapText.tokens(out, list));
    return ExitCodes.OK;
  }
}
