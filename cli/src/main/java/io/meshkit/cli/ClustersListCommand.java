package io.meshkit.cli;

import io.meshkit.proto.v1.ListClustersRequest;
import io.meshkit.proto.v1.ListClustersResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code meshctl clusters list}. */
@Command(name = "list", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Lists the federation's clusters: role, state, epoch, priority, region, gRPC endpoints. "
        + "Linearizable unless --serializable."},
    footer = {"", "Examples:",
        "  meshctl clusters list",
        "  meshctl clusters list -o json | jq -r '.clusters[].id'"})
final class ClustersListCommand extends ClientCommand {
  @Mixin
  ReadOptions read;

  @Override
  int run(Session session) {
    ListClustersResponse response = session.client().federation().listClusters(ListClustersRequest.newBuilder()
        .setSerializable(read.serializable).build());
    ClusterViews.ClusterList result = new ClusterViews.ClusterList(Views.Header.of(response.getHeader()),
        response.getClustersList().stream().map(ClusterViews.ClusterInfo::of).toList());
    session.output().print(result, out -> ClusterText.clusters(out, result));
    return ExitCodes.OK;
  }
}
