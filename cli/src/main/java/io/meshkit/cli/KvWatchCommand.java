package io.meshkit.cli;

import com.google.protobuf.ByteString;
import io.meshkit.client.WatchHandler;
import io.meshkit.client.WatchSubscription;
import io.meshkit.proto.v1.Event;
import io.meshkit.proto.v1.WatchCreateRequest;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meshctl kv watch KEY}: streams changes until interrupted. */
@Command(name = "watch", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Streams every change to KEY (or a range) in revision order until Ctrl-C (exit 0).",
        "Table output prints one line per change: [rev N] PUT key value, [rev N] DELETE key. "
            + "-o json prints one JSON object per line (type, revision, kv, prev_kv); -o yaml one document each.",
        "When a member is lost the watch resumes on another from the next revision, losing and repeating "
            + "nothing; a notice goes to stderr. It ends with exit 1 when the server refuses it "
            + "(e.g. --rev below the compacted history)."},
    footer = {"", "Examples:",
        "  meshctl kv watch app/ --prefix",
        "  meshctl kv watch greeting --rev 1 --prev-kv     # replay history from revision 1",
        "  meshctl kv watch '' --from-key -o json | jq .kv.key"})
final class KvWatchCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "KEY", description = "The key, or the start of the range.")
  String key;

  @Mixin
  KeySelection selection;

  @Option(names = "--rev", paramLabel = "N", description = "Start from revision N (replays history); "
      + "default: changes after now.")
  long startRevision;

  @Option(names = "--prev-kv", description = "With each change, the value before it.")
  boolean prevKv;

  @Option(names = "--progress", description = "Print the server's periodic progress notifications while idle.")
  boolean progress;

  private WatchCreateRequest request;

  @Override
  void validate(CliContext context) {
    if (startRevision < 0) {
      throw new UsageException("--rev must be a revision (1 or more), or 0 for changes after now; got "
          + startRevision);
    }
    ByteString k = ByteString.copyFromUtf8(key);
    request = WatchCreateRequest.newBuilder().setKey(k).setRangeEnd(selection.rangeEnd(k))
        .setStartRevision(startRevision).setPrevKv(prevKv).setProgressNotify(progress).build();
  }

  /**
   * Blocks until the user interrupts (the subscription is closed: exit 0), the thread is
   * interrupted (same), or the watch fails for good (its failure is rethrown and reported).
   */
  @Override
  int run(Session session) throws Exception {
    WatchSubscription watch = session.client().watch(request, new Printer(session.output(), session.err()));
    return session.streamUntil(watch.done(), watch::close);
  }

  /** Prints deliveries as they come, from the client's threads; reconnects go to stderr. */
  private record Printer(Output output, PrintWriter err) implements WatchHandler, WatchNotices {
    @Override
    public void onEvents(long revision, List<Event> events) {
      for (Event e : events) {
        Views.WatchLine line = Views.WatchLine.of(revision, e);
        output.printStreamed(line, out -> KvText.watchLine(out, line));
      }
    }

    @Override
    public void onProgress(long revision) {
      Views.WatchLine line = Views.WatchLine.progress(revision);
      output.printStreamed(line, out -> KvText.watchLine(out, line));
    }
  }
}
