package io.meshkit.cli;

import io.meshkit.proto.v1.LeaseGrantRequest;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meshctl lease grant TTL [--id N]}. */
@Command(name = "grant", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Grants a lease of TTL and prints its id and TTL. Nothing keeps it alive: it expires TTL "
        + "after the grant unless renewed (lease keep-alive, or a program holding it).",
        "The cluster chooses the id (the grant's revision) unless --id names one."},
    footer = {"", "Examples:",
        "  meshctl lease grant 10s",
        "  meshctl lease grant 30s --id 7 -o json",
        "  meshctl lease grant 10s -o json | jq .id"})
final class LeaseGrantCommand extends ClientCommand {
  static final Duration MIN_TTL = Duration.ofSeconds(1);

  @Parameters(index = "0", paramLabel = "TTL", converter = DurationConverter.class,
      description = "Time to live, like 10s, 1500ms, 5m; at least 1s.")
  Duration ttl;

  @Option(names = "--id", paramLabel = "N", description = "The lease id (positive); default: chosen by the cluster.")
  long id;

  @Override
  void validate(CliContext context) {
    requireLeaseTtl("TTL", ttl);
    if (id < 0) {
      throw new UsageException("--id must be a positive lease id, got " + id + "; leave it out to let the cluster "
          + "choose one");
    }
  }

  /** The cluster refuses TTLs below one second: say so before asking it. */
  static void requireLeaseTtl(String what, Duration ttl) {
    if (ttl.compareTo(MIN_TTL) < 0) {
      throw new UsageException(what + " " + ttl.toMillis() + "ms is below the minimum lease TTL of 1s; "
          + "a few election timeouts, e.g. 10s, is typical");
    }
  }

  @Override
  boolean writes() {
    return true;
  }

  @Override
  int run(Session session) {
    LeadershipViews.LeaseGrant result = LeadershipViews.LeaseGrant.of(session.client().grantLease(
        LeaseGrantRequest.newBuilder().setTtlMs(ttl.toMillis()).setId(id).build()));
    session.output().print(result, out -> LeadershipText.grant(out, result));
    return ExitCodes.OK;
  }
}
