package io.meshkit.cli;

import com.google.protobuf.ByteString;
import io.meshkit.proto.v1.CampaignRequest;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meshctl leaders campaign SCOPE CANDIDATE [VALUE]}: campaigns, then holds office until interrupted. */
@Command(name = "campaign", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Campaigns for SCOPE as CANDIDATE and holds the office until Ctrl-C.",
        "Grants a lease of --ttl (or uses --lease), keeps it alive, and waits until elected (printing "
            + "'waiting for LEADER to step down...' to stderr). Once elected it prints the fencing token at once "
            + "(table: 'elected SCOPE as CANDIDATE, token N'; -o json: one object on one line), then holds "
            + "leadership: Ctrl-C resigns, revokes the lease it granted and exits 0; losing the lease or the "
            + "office ends it with 'lost leadership: ...' and exit 1.",
        "With --no-wait, when another candidate leads it prints 'not elected: ...', withdraws and exits 1.",
        "A candidate campaigns at most once per scope; running it again with the same --lease resumes the "
            + "same candidacy."},
    footer = {"", "Examples:",
        "  meshctl leaders campaign rebalancer node-1 10.0.0.1:7001",
        "  meshctl leaders campaign ctl a --ttl 3s --no-wait -o json",
        "  meshctl leaders campaign ctl b --lease 42   # with an existing lease",
        "",
        "Exit codes: 0 elected, then resigned on Ctrl-C; 1 not elected (--no-wait),",
        "  leadership or candidacy lost, or refused; 2 usage error;",
        "  3 no member reachable."})
final class LeadersCampaignCommand extends ClientCommand {
  static final Duration DEFAULT_TTL = Duration.ofSeconds(10);

  @Parameters(index = "0", paramLabel = "SCOPE", description = "The election's scope.")
  String scope;

  @Parameters(index = "1", paramLabel = "CANDIDATE", description = "This candidate's name, unique in the scope.")
  String candidate;

  @Parameters(index = "2", arity = "0..1", paramLabel = "VALUE", defaultValue = "",
      description = "What the leader announces, e.g. its address; leaders get shows it.")
  String value;

  @Option(names = "--ttl", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "TTL of the lease the campaign grants: how long leadership outlives this process. "
          + "Default: 10s; at least 1s.")
  Duration ttl;

  @Option(names = "--lease", paramLabel = "ID",
      description = "Campaign with this existing lease instead of granting one; it is kept alive but not "
          + "revoked at the end.")
  long lease;

  @Option(names = "--no-wait", description = "Do not wait: when another candidate leads, withdraw and exit 1.")
  boolean noWait;

  @Override
  void validate(CliContext context) {
    LeadersGetCommand.requireName("SCOPE", scope);
    LeadersGetCommand.requireName("CANDIDATE", candidate);
    if (lease < 0) {
      throw new UsageException("--lease must be a positive lease id, got " + lease);
    }
    if (ttl != null && lease != 0) {
      throw new UsageException("--ttl is the TTL of the lease campaign grants, and --lease campaigns with an "
          + "existing lease and its TTL: give one of them");
    }
    if (ttl != null) {
      LeaseGrantCommand.requireLeaseTtl("--ttl", ttl);
    }
  }

  @Override
  int run(Session session) throws Exception {
    CampaignRequest request = CampaignRequest.newBuilder().setScope(scope).setCandidate(candidate)
        .setValue(ByteString.copyFromUtf8(value)).build();
    Duration grant = lease == 0 ? (ttl == null ? DEFAULT_TTL : ttl) : null;
    return new Candidacy(session, request, grant, lease, noWait).run();
  }
}
