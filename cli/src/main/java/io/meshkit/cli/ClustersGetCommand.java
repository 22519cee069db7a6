package io.meshkit.cli;

import io.meshkit.proto.v1.GetClusterRequest;
import io.meshkit.proto.v1.GetClusterResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code meshctl clusters get ID}. */
@Command(name = "get", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Shows cluster ID's descriptor: role, state, epoch, priority, region, zones, endpoints, "
        + "labels, revisions and version. Linearizable unless --serializable."},
    footer = {"", "Examples:",
        "  meshctl clusters get eu",
        "  meshctl clusters get eu -o json | jq .cluster.epoch"})
final class ClustersGetCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The cluster.")
  String id;

  @Mixin
  ReadOptions read;

  @Override
  void validate(CliContext context) {
    LeadersGetCommand.requireName("ID", id);
  }

  @Override
  int run(Session session) {
    GetClusterResponse response = session.client().federation().getCluster(GetClusterRequest.newBuilder().setId(id)
        .setSerializable(read.serializable).build());
    ClusterViews.ClusterDetail result = new ClusterViews.ClusterDetail(Views.Header.of(response.getHeader()),
        ClusterViews.ClusterInfo.of(response.getCluster()));
    session.output().print(result, out -> ClusterText.cluster(out, result.cluster()));
    return ExitCodes.OK;
  }
}
