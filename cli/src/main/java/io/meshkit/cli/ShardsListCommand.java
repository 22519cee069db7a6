package io.meshkit.cli;

import io.meshkit.proto.v1.ListShardsRequest;
import io.meshkit.proto.v1.ShardStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code meshctl shards list [--namespace NS] [--owner NODE] [--status S] [--limit N]}. */
@Command(name = "list", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Lists shards by namespace and id: owner, replicas, status, epoch. Filters combine; without "
        + "--limit every page is fetched (pages may reflect different revisions)."},
    footer = {"", "Examples:",
        "  meshctl shards list --namespace orders",
        "  meshctl shards list --owner node-1 --status active -o json | jq '.shards[]'",
        "  meshctl shards list --limit 10"})
final class ShardsListCommand extends ClientCommand {
  /** The server's largest page. */
  static final int MAX_PAGE = 1000;

  @Option(names = "--namespace", paramLabel = "NS", defaultValue = "", description = "Only this namespace.")
  String namespace;

  @Option(names = "--owner", paramLabel = "NODE", defaultValue = "", description = "Only shards this node owns.")
  String owner;

  @Option(names = "--status", paramLabel = "S", description = "Only shards in this status: "
      + RegistryArguments.STATUSES + ".")
  String status;

  @Option(names = "--limit", paramLabel = "N", description = "At most N shards (0 = all).")
  int limit;

  @Mixin
  ReadOptions read;

  private ListShardsRequest request;

  @Override
  void validate(CliContext context) {
    RegistryArguments.notNegative("--limit", limit);
    request = ListShardsRequest.newBuilder().setNamespace(namespace).setOwner(owner)
        .setStatus(status == null ? ShardStatus.SHARD_STATUS_UNSPECIFIED : RegistryArguments.status(status))
        .setLimit(limit == 0 ? MAX_PAGE : Math.min(limit, MAX_PAGE)).setSerializable(read.serializable).build();
  }

  @Override
  int run(Session session) {
    RegistryViews.ShardList result = new RegistryViews.ShardList(session.client().registry()
        .listAllShards(request, limit).stream().map(RegistryViews.ShardInfo::of).toList());
    session.output().print(result, out -> RegistryText.shards(out, result));
    return ExitCodes.OK;
  }
}
