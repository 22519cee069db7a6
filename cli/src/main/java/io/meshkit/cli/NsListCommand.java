package io.meshkit.cli;

import io.meshkit.proto.v1.ListNamespacesRequest;
import io.meshkit.proto.v1.ListNamespacesResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code meshctl ns list}. */
@Command(name = "list", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Lists every namespace: strategy, shard count, replicas, whether its shards exist, version."},
    footer = {"", "Examples:",
        "  meshctl ns list",
        "  meshctl ns list -o json | jq -r '.namespaces[].name'"})
final class NsListCommand extends ClientCommand {
  @Mixin
  ReadOptions read;

  @Override
  int run(Session session) {
    ListNamespacesResponse response = session.client().registry().listNamespaces(
        ListNamespacesRequest.newBuilder().setSerializable(read.serializable).build());
    RegistryViews.NamespaceList result = new RegistryViews.NamespaceList(Views.Header.of(response.getHeader()),
        response.getNamespacesList().stream().map(RegistryViews.NamespaceInfo::of).toList());
    session.output().print(result, out -> RegistryText.namespaces(out, result));
    return ExitCodes.OK;
  }
}
