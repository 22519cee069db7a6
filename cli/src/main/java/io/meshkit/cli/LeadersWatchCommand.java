package io.meshkit.cli;

import io.meshkit.client.MeshkitClient.ObserveSubscription;
import io.meshkit.proto.v1.ObserveRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meshctl leaders watch [SCOPE]}: streams leadership changes until interrupted. */
@Command(name = "watch", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Streams every change of SCOPE's leadership (of every scope without SCOPE) in revision "
        + "order until Ctrl-C (exit 0): a new leader, a new value, or no leader.",
        "Table output prints one line per change: [rev N] SCOPE: CANDIDATE leads, token T, lease L. "
            + "-o json prints one JSON object per line (revision, leadership); -o yaml one document each.",
        "When a member is lost the stream resumes on another, losing and repeating nothing. It ends with "
            + "exit 1 when the server refuses it (e.g. --rev below the compacted history)."},
    footer = {"", "Examples:",
        "  meshctl leaders watch rebalancer",
        "  meshctl leaders watch --rev 1    # every scope's history from revision 1",
        "  meshctl leaders watch -o json | jq .leadership.token"})
final class LeadersWatchCommand extends ClientCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "SCOPE", defaultValue = "",
      description = "The election's scope; default: every scope.")
  String scope;

  @Option(names = "--rev", paramLabel = "N", description = "Start from revision N (replays history); "
      + "default: changes after now.")
  long startRevision;

  @Override
  void validate(CliContext context) {
    if (startRevision < 0) {
      throw new UsageException("--rev must be a revision (1 or more), or 0 for changes after now; got "
          + startRevision);
    }
  }

  /**
   * Blocks until the user interrupts (the subscription is closed: exit 0), the thread is
   * interrupted (same), or the stream fails for good (its failure is rethrown and reported).
   */
  @Override
  int run(Session session) throws Exception {
    ObserveRequest request = ObserveRequest.newBuilder().setScope(scope).setStartRevision(startRevision).build();
    ObserveSubscription observe = session.client().observe(request, event -> {
      LeadershipViews.LeadershipChange change = LeadershipViews.LeadershipChange.of(event);
      session.output().printStreamed(change, out -> LeadershipText.change(out, change));
    });
    return session.streamUntil(observe.done(), observe::close);
  }
}
