package io.meshkit.cli;

import io.meshkit.client.MeshkitClientException;
import io.meshkit.client.PeerListener;
import io.meshkit.client.PeerWatch;
import io.meshkit.proto.v1.PeerEvent;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;

/** {@code meshctl peers watch}: streams one member's gossip view until interrupted. */
@Command(name = "watch", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Streams the answering member's gossip view until Ctrl-C (exit 0): first every peer it "
        + "knows, then one line per change of a peer's status, incarnation or metadata.",
        "Table output starts with 'view of ID', then prints ID  STATUS  inc N per peer and ID  alive → suspect  "
            + "inc 4 per change (a refutation raises the incarnation: inc 4 → 5). -o json prints one JSON "
            + "object per line: {after} for a peer first reported, {before, after} for a change.",
        "The view is that member's own, so the watch does not move to another member: when its member "
            + "stops, it ends with the error (exit 1 or 3)."},
    footer = {"", "Examples:",
        "  meshctl peers watch",
        "  meshctl --endpoints 127.0.0.1:7002 peers watch -o json | jq -c 'select(.before)'"})
final class PeersWatchCommand extends ClientCommand {
  /** Blocks until interrupted (exit 0) or the watch fails (reported, exit 1 or 3). */
  @Override
  int run(Session session) throws Exception {
    PeerWatch watch = session.client().membership().watchPeers(new Printer(session.output()));
    return session.streamUntil(watch.done(), watch::close);
  }

  /**
   * Prints deliveries as they come, from the client's threads. The member lists itself first, so
   * the first event names whose view it is. A failure is reported by the command, from {@code done()}.
   */
  private static final class Printer implements PeerListener {
    private final Output output;
    private final AtomicBoolean first = new AtomicBoolean(true);

    Printer(Output output) {
      this.output = output;
    }

    @Override
    public void onEvent(PeerEvent event) {
      PeerViews.PeerChange change = PeerViews.PeerChange.of(event);
      boolean header = first.getAndSet(false);
      output.printStreamed(change, out -> {
        if (header) {
          out.println(PeerText.viewOf(change.after().id()));
        }
        PeerText.change(out, change);
      });
    }

    @Override
    public void onFailed(MeshkitClientException error) {}
  }
}
