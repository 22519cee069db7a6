package io.meshkit.cli;

import io.meshkit.proto.v1.GetNodeRequest;
import io.meshkit.proto.v1.GetNodeResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code meshctl nodes get ID}. */
@Command(name = "get", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Shows node ID: state, endpoints, zone, labels, weight, revisions and version. Linearizable "
        + "unless --serializable."},
    footer = {"", "Examples:",
        "  meshctl nodes get node-1",
        "  meshctl nodes get node-1 -o json | jq .node.state"})
final class NodesGetCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The node.")
  String id;

  @Mixin
  ReadOptions read;

  @Override
  void validate(CliContext context) {
    LeadersGetCommand.requireName("ID", id);
  }

  @Override
  int run(Session session) {
    GetNodeResponse response = session.client().registry().getNode(GetNodeRequest.newBuilder().setId(id)
        .setSerializable(read.serializable).build());
    RegistryViews.NodeDetail result = new RegistryViews.NodeDetail(Views.Header.of(response.getHeader()),
        RegistryViews.NodeInfo.of(response.getNode()));
    session.output().print(result, out -> RegistryText.node(out, result.node()));
    return ExitCodes.OK;
  }
}
