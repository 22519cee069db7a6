package io.meshkit.cli;

import io.meshkit.proto.v1.IssueJoinTokenRequest;
import io.meshkit.proto.v1.IssueJoinTokenResponse;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meshctl bootstrap issue --role R [--ttl D] [--uses N]}. */
@Command(name = "issue", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Issues a join token and prints it once: mkjoin.<id>.<secret>.<CA hash>. The cluster keeps only "
        + "the secret's SHA-256; hand the token to the new machine over a channel you trust.",
        "Roles: member (its certificate may serve and call: serverAuth, clientAuth), relay, or an RBAC role "
            + "(viewer, operator, admin, or your own) for a client certificate with that organization (O)."},
    footer = {"", "Examples:",
        "  meshctl bootstrap issue --role member",
        "  meshctl bootstrap issue --role relay --ttl 24h --uses 3",
        "  TOKEN=$(meshctl bootstrap issue --role viewer -o json | jq -r .token)"})
final class BootstrapIssueCommand extends ClientCommand {
  static final Duration MAX_TTL = Duration.ofDays(7);

  @Option(names = "--role", required = true, paramLabel = "ROLE",
      description = "member, relay, or an RBAC role name: what the issued certificate's O says.")
  String role;

  @Option(names = "--ttl", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long the token may be used, like 30m or 24h; at least 1s, at most 168h (7 days). Default: 1h.")
  Duration ttl = Duration.ofHours(1);

  @Option(names = "--uses", paramLabel = "N", description = "How many machines may join with it (1-1000). Default: 1.")
  int uses = 1;

  @Override
  void validate(CliContext context) {
    if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_TTL) > 0) {
      throw new UsageException("--ttl " + ttl.toMillis() + "ms is outside 1s..168h: a join token lives at most 7 days");
    }
    if (uses < 1 || uses > 1000) {
      throw new UsageException("--uses " + uses + " is outside 1..1000");
    }
  }

  @Override
  boolean writes() {
    return true;
  }

  @Override
  int run(Session session) {
    IssueJoinTokenResponse r = session.client().bootstrap().issueJoinToken(IssueJoinTokenRequest.newBuilder()
        .setRole(role).setTtlMs(ttl.toMillis()).setUses(uses).build());
    BootstrapViews.Issued issued = new BootstrapViews.Issued(r.getTokenText(), BootstrapViews.Token.of(r.getToken(),
        Instant.now()));
    session.output().print(issued, out -> BootstrapText.issued(out, issued));
    return ExitCodes.OK;
  }
}
