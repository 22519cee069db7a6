package io.meshkit.cli;

import io.meshkit.client.RegistryWatchHandler;
import io.meshkit.client.WatchSubscription;
import io.meshkit.proto.v1.RegistryEvent;
import io.meshkit.proto.v1.RegistryWatchRequest;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meshctl shards watch [--namespace NS] [--from-revision REV]}: streams registry changes. */
@Command(name = "watch", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Streams registry changes in revision order until Ctrl-C (exit 0): shards, their namespace "
        + "and nodes (--shards-only, --nodes-only narrow it).",
        "Table output prints one line per change: [rev N] PUT shard/orders/7 owner node-2, ... or [rev N] DELETE "
            + "TARGET. -o json prints one JSON object per line (type, revision, target, object).",
        "When a member is lost the watch resumes on another from the next revision, losing and repeating "
            + "nothing; a notice goes to stderr. It ends with exit 1 when the server refuses it (e.g. "
            + "--from-revision below the compacted history)."},
    footer = {"", "Examples:",
        "  meshctl shards watch --namespace orders",
        "  meshctl shards watch --from-revision 1 --shards-only -o json | jq .target"})
final class ShardsWatchCommand extends ClientCommand {
  @Option(names = "--namespace", paramLabel = "NS", defaultValue = "", description = "Only this namespace's "
      + "changes (and nodes').")
  String namespace;

  @Option(names = "--from-revision", paramLabel = "REV",
      description = "Start at this revision (replays history); default: changes after now.")
  long fromRevision;

  @Option(names = "--shards-only", description = "Only shard changes.")
  boolean shardsOnly;

  @Option(names = "--nodes-only", description = "Only node changes.")
  boolean nodesOnly;

  @Override
  void validate(CliContext context) {
    RegistryArguments.notNegative("--from-revision", fromRevision);
    if (shardsOnly && nodesOnly) {
      throw new UsageException("give at most one of --shards-only and --nodes-only");
    }
  }

  /** Blocks until interrupted (exit 0) or the watch fails for good (reported, exit 1). */
  @Override
  int run(Session session) throws Exception {
    RegistryWatchRequest request = RegistryWatchRequest.newBuilder().setNamespace(namespace)
        .setStartRevision(fromRevision).setShardsOnly(shardsOnly).setNodesOnly(nodesOnly).build();
    WatchSubscription watch = session.client().registry().watch(request, new Printer(session.output(),
        session.err()));
    return session.streamUntil(watch.done(), watch::close);
  }

  /** Prints deliveries as they come, from the client's threads; reconnects go to stderr. */
  private record Printer(Output output, PrintWriter err) implements RegistryWatchHandler, WatchNotices {
    @Override
    public void onEvents(long revision, List<RegistryEvent> events) {
      for (RegistryEvent e : events) {
        RegistryViews.WatchLine line = RegistryViews.WatchLine.of(revision, e);
        output.printStreamed(line, out -> RegistryText.watchLine(out, line));
      }
    }

    @Override
    public void onProgress(long revision) {
      RegistryViews.WatchLine line = RegistryViews.WatchLine.progress(revision);
      output.printStreamed(line, out -> RegistryText.watchLine(out, line));
    }
  }
}
