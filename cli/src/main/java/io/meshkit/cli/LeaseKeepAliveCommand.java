package io.meshkit.cli;

import io.meshkit.client.LeaseKeepAlive;
import io.meshkit.client.MeshkitClientException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meshctl lease keep-alive ID [--once]}: renews a lease until interrupted. */
@Command(name = "keep-alive", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Keeps lease ID alive until Ctrl-C (exit 0): renews it every third of its TTL, moving to "
        + "another member when one fails, and prints each renewal's TTL.",
        "Ends with exit 1 when the lease is lost: it expired or was revoked, or no renewal was acknowledged "
            + "before it would have run out. -o json prints one object per line (id, ttl_ms).",
        "With --once, sends one keepalive, prints the TTL it granted and exits."},
    footer = {"", "Examples:",
        "  meshctl lease keep-alive 42",
        "  meshctl lease keep-alive 42 --once",
        "  meshctl lease keep-alive 42 -o json | jq .ttl_ms"})
final class LeaseKeepAliveCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The lease id.")
  long id;

  @Option(names = "--once", description = "One keepalive, then exit.")
  boolean once;

  @Override
  void validate(CliContext context) {
    LeaseTtlCommand.requireLeaseId(id);
  }

  /**
   * Blocks until the user interrupts (the keepalive is closed: exit 0), the thread is interrupted
   * (same), or the lease is lost (reported, exit 1). With --once, until the first answer.
   */
  @Override
  int run(Session session) throws Exception {
    Duration ttl = Duration.ofMillis(LeaseTtlCommand.existing(session, id, false).getGrantedTtlMs());
    CompletableFuture<Long> firstRenewal = new CompletableFuture<>();
    LeaseKeepAlive keepAlive = session.client().keepAlive(id, ttl, new LeaseKeepAlive.Listener() {
      @Override
      public void onRenewed(long ttlMs) {
        if (once && firstRenewal.isDone()) {
          return;
        }
        LeadershipViews.KeepAlive renewal = new LeadershipViews.KeepAlive(id, ttlMs);
        session.output().printStreamed(renewal, out -> LeadershipText.keepAlive(out, renewal));
        firstRenewal.complete(ttlMs); // after printing: with --once, the command ends when this completes
      }
    });
    try {
      return session.streamUntil(once ? CompletableFuture.anyOf(firstRenewal, keepAlive.done()) : keepAlive.done(),
          keepAlive::close);
    } catch (MeshkitClientException lost) {
      // Losing the lease ends what the user asked for, whatever the cause (even an unreachable
      // cluster): exit 1 with the client's reason, which names the lease.
      throw new CommandFailedException(lost.getMessage(), lost.hint());
    }
  }
}
