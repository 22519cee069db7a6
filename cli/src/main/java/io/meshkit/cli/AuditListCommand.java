package io.meshkit.cli;

import io.meshkit.proto.v1.ListAuditRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code meshctl audit list [--from-revision REV] [--limit N] [--target TARGET]}. */
@Command(name = "list", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Lists audit records after --from-revision, oldest first: rev N, time (UTC), actor, action, "
        + "reason, ticket, then each target's change indented.",
        "Targets are namespace/NAME, shard/NAMESPACE/ID and node/ID; --target keeps the records touching that "
            + "target or anything under it (whole path segments: shard/orders/7 is not shard 70), showing only "
            + "those changes."},
    footer = {"", "Examples:",
        "  meshctl audit list --limit 20",
        "  meshctl audit list --target shard/orders/7 --from-revision 100",
        "  meshctl audit list --target node/ -o json | jq -r '.records[] | .actor + \" \" + .action'"})
final class AuditListCommand extends ClientCommand {
  static final int DEFAULT_LIMIT = 100;

  @Option(names = "--from-revision", paramLabel = "REV", description = "Records after this revision (0 = from the "
      + "start).")
  long fromRevision;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "" + DEFAULT_LIMIT,
      description = "At most N records (0 = all). Default: " + DEFAULT_LIMIT + ".")
  int limit;

  @Option(names = "--target", paramLabel = "TARGET", defaultValue = "",
      description = "Only records touching this target or anything under it, e.g. shard/orders, "
          + "shard/orders/7 or node/node-1.")
  String target;

  @Mixin
  ReadOptions read;

  private ListAuditRequest request;

  @Override
  void validate(CliContext context) {
    RegistryArguments.notNegative("--from-revision", fromRevision);
    RegistryArguments.notNegative("--limit", limit);
    request = ListAuditRequest.newBuilder().setFromRevision(fromRevision).setTargetPrefix(target)
        .setLimit(limit == 0 ? ShardsListCommand.MAX_PAGE : Math.min(limit, ShardsListCommand.MAX_PAGE))
        .setSerializable(read.serializable).build();
  }

  @Override
  int run(Session session) {
    RegistryViews.AuditList result = new RegistryViews.AuditList(session.client().registry()
        .listAllAudit(request, limit).stream().map(RegistryViews.Audit::of).toList());
    session.output().print(result, out -> RegistryText.audit(out, result));
    return ExitCodes.OK;
  }
}
