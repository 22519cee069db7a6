package io.meshkit.cli;

import io.meshkit.proto.v1.DiffRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code meshctl shards diff --from REV [--to REV] [--namespace NS]}. */
@Command(name = "diff", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Lists the shards whose owner or status differs between two revisions: after --from up to "
        + "and including --to (default: now), before → after per shard. Revisions are what mutations and "
        + "'audit list' print."},
    footer = {"", "Examples:",
        "  meshctl shards diff --from 120",
        "  meshctl shards diff --from 120 --to 180 --namespace orders -o json"})
final class ShardsDiffCommand extends ClientCommand {
  @Option(names = "--from", required = true, paramLabel = "REV", description = "Compare from this revision.")
  long fromRevision;

  @Option(names = "--to", paramLabel = "REV", description = "Up to this revision (0 = now).")
  long toRevision;

  @Option(names = "--namespace", paramLabel = "NS", defaultValue = "", description = "Only this namespace.")
  String namespace;

  @Mixin
  ReadOptions read;

  @Override
  void validate(CliContext context) {
    RegistryArguments.notNegative("--from", fromRevision);
    RegistryArguments.notNegative("--to", toRevision);
    if (toRevision != 0 && toRevision < fromRevision) {
      throw new UsageException("--to " + toRevision + " is before --from " + fromRevision + "; swap them");
    }
  }

  @Override
  int run(Session session) {
    RegistryViews.Diff result = RegistryViews.Diff.of(session.client().registry().diff(DiffRequest.newBuilder()
        .setFromRevision(fromRevision).setToRevision(toRevision).setNamespace(namespace)
        .setSerializable(read.serializable).build()));
    session.output().print(result, out -> RegistryText.diff(out, result));
    return ExitCodes.OK;
  }
}
