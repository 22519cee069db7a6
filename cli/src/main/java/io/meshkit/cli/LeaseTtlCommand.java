package io.meshkit.cli;

import io.meshkit.proto.v1.LeaseTimeToLiveResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meshctl lease ttl ID [--keys]}. */
@Command(name = "ttl", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Shows how long lease ID has left on the cluster leader's clock and the TTL it was granted; "
        + "with --keys, the KV keys attached to it (candidacies are not listed: leaders get shows those).",
        "A lease that does not exist (expired, revoked, never granted) is reported with exit 1."},
    footer = {"", "Examples:",
        "  meshctl lease ttl 42",
        "  meshctl lease ttl 42 --keys -o json"})
final class LeaseTtlCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The lease id.")
  long id;

  @Option(names = "--keys", description = "List the keys attached to the lease.")
  boolean keys;

  @Override
  void validate(CliContext context) {
    requireLeaseId(id);
  }

  static void requireLeaseId(long id) {
    if (id <= 0) {
      throw new UsageException("ID must be a positive lease id, got " + id + "; 'meshctl lease list' shows them");
    }
  }

  /** The lease's time to live; {@link CommandFailedException} when it does not exist. */
  static LeaseTimeToLiveResponse existing(Session session, long id, boolean keys) {
    LeaseTimeToLiveResponse response = session.client().leaseTimeToLive(id, keys);
    if (response.getTtlMs() < 0) {
      throw new CommandFailedException("lease " + id + " not found: it expired, was revoked or never existed",
          "'meshctl lease list' shows the live leases; 'meshctl lease grant TTL' makes a new one");
    }
    return response;
  }

  @Override
  int run(Session session) {
    LeadershipViews.LeaseTtl result = LeadershipViews.LeaseTtl.of(existing(session, id, keys), keys);
    session.output().print(result, out -> LeadershipText.ttl(out, result));
    return ExitCodes.OK;
  }
}
