package io.meshkit.cli;

import io.meshkit.proto.v1.AuthMutationResponse;
import io.meshkit.proto.v1.CreateTokenRequest;
import io.meshkit.proto.v1.CreateTokenResponse;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meshctl auth token create | revoke | list}. */
@Command(name = "token", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = "Bearer tokens: mktok.<id>.<secret>, sent as 'authorization: Bearer ...'; a token acts as its user. "
        + "The cluster keeps only the secret's SHA-256. Send tokens over TLS only.",
    subcommands = {AuthTokenCommand.Create.class, AuthTokenCommand.Revoke.class, AuthTokenCommand.ListTokens.class},
    footer = {"", "Examples:",
        "  meshctl auth token create ci --ttl 720h --description 'CI pipeline'",
        "  export MESHKIT_TOKEN=$(meshctl auth token create ci -o json | jq -r .token)",
        "  meshctl auth token revoke 0f3k9x2m1qa7b8c4",
        "  meshctl auth token list"})
final class AuthTokenCommand extends CommandGroup {
  static final Duration MAX_TTL = Duration.ofDays(365);

  @Command(name = "create", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
      description = "Creates a token for an existing user and prints it once.",
      footer = {"", "Examples:",
          "  meshctl auth token create ci --ttl 24h",
          "  meshctl auth token create ci --description deploys -o json | jq -r .token"})
  static final class Create extends ClientCommand {
    @Parameters(index = "0", paramLabel = "USER", description = "The user the token acts as (meshctl auth user put).")
    String user;

    @Option(names = "--ttl", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "How long it is good for, like 1h or 720h; at most 8760h (365 days). Default: 24h.")
    Duration ttl = Duration.ofHours(24);

    @Option(names = "--description", paramLabel = "TEXT", description = "What it is for, shown by list.")
    String description = "";

    @Override
    void validate(CliContext context) {
      if (ttl.toMillis() < 1 || ttl.compareTo(MAX_TTL) > 0) {
        throw new UsageException("--ttl " + ttl.toMillis() + "ms is outside 1ms..8760h (365 days)");
      }
    }

    @Override
    boolean writes() {
      return true;
    }

    @Override
    int run(Session session) {
      CreateTokenResponse r = session.client().auth().createToken(CreateTokenRequest.newBuilder().setUser(user)
          .setTtlMs(ttl.toMillis()).setDescription(description).build());
      AuthViews.Created created = new AuthViews.Created(r.getSecret(), AuthViews.TokenView.of(r.getToken()));
      session.output().print(created, out -> AuthText.created(out, created));
      return ExitCodes.OK;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
      description = "Revokes a token: each member refuses it once it has applied the revocation.",
      footer = {"", "Examples:",
          "  meshctl auth token revoke 0f3k9x2m1qa7b8c4",
          "  meshctl auth token list -o json | jq -r '.[] | select(.user == \"ci\") | .id'"})
  static final class Revoke extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The token's id (the part after mktok., as list shows).")
    String id;

    @Override
    boolean writes() {
      return true;
    }

    @Override
    int run(Session session) {
      AuthMutationResponse r = session.client().auth().revokeToken(id);
      return AuthText.printChanged(session, "token " + id + " revoked", r);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
      description = "Every token: id, user, expiry, who created it. Never secrets.",
      footer = {"", "Examples:",
          "  meshctl auth token list",
          "  meshctl auth token list -o json"})
  static final class ListTokens extends ClientCommand {
    @Override
    int run(Session session) {
      return AuthText.printStatusPart(session, AuthViews.Status::tokens, AuthText::tokens);
    }
  }
}
