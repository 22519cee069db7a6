package io.meshkit.cli;

import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.RegistrySnapshotResponse;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meshctl relay routes}: the relay's routing table, shard by shard. */
@Command(name = "routes", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Lists the shards as the relay routes them now: NAMESPACE, SHARD, OWNER (the node requests go "
        + "to), OWNER ENDPOINT (its first data endpoint, where the relay connects; - when the node has none), "
        + "EPOCH, REPLICAS and STATUS. The first line gives the table's revision and whether the relay follows "
        + "the cluster or is STALE (serving its last known good table).",
        "This is the relay's copy, which may trail the registry: compare with 'meshctl shards list', and see "
            + "the lag in 'meshctl relay status'. -o json gives {relay, revision, stale, routes: [{namespace, "
            + "shard_id, owner, owner_endpoint, epoch, replicas, status}]}."},
    footer = {"", "Examples:",
        "  meshctl relay routes",
        "  meshctl relay routes --namespace users --relay 10.0.0.5:8081",
        "  meshctl relay routes -o json | jq -r '.routes[] | select(.owner == \"b3\")'",
        "",
        "Exit codes: 0 ok, 1 the namespace is not in the relay's table or the answer",
        "  is not a relay's, 2 usage error, 3 the relay's admin server is unreachable."})
final class RelayRoutesCommand extends RelayAdminCommand {
  @Option(names = "--namespace", paramLabel = "NS", description = "Only this namespace's shards.")
  String namespace;

  @Override
  int run(RelayAdminClient admin, Output output) throws InterruptedException {
    RegistrySnapshotResponse table = admin.routes();
    boolean stale = admin.status().stale();
    if (namespace != null && table.getNamespacesList().stream().noneMatch(n -> n.getName().equals(namespace))) {
      String known = table.getNamespacesList().stream().map(Namespace::getName).collect(Collectors.joining(", "));
      throw new CommandFailedException("the relay's routing table (revision " + table.getHeader().getRevision()
          + ") has no namespace '" + namespace + "'", "it has " + (known.isEmpty() ? "none" : known)
          + "; a namespace created since reaches it through its watch ('meshctl relay status' shows the lag)");
    }
    RelayViews.Routes routes = RelayViews.Routes.of(admin.address(), table, stale, namespace);
    output.print(routes, out -> RelayText.routes(out, routes));
    return ExitCodes.OK;
  }
}
