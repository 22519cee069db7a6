package io.meshkit.cli;

import io.meshkit.proto.v1.ListNodesRequest;
import io.meshkit.proto.v1.ListNodesResponse;
import io.meshkit.proto.v1.NodeState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code meshctl nodes list [--state S]}. */
@Command(name = "list", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Lists registered nodes: state, zone, weight, endpoints, labels."},
    footer = {"", "Examples:",
        "  meshctl nodes list",
        "  meshctl nodes list --state cordoned -o json | jq -r '.nodes[].id'"})
final class NodesListCommand extends ClientCommand {
  @Option(names = "--state", paramLabel = "S", description = "Only nodes in this state: " + RegistryArguments.STATES
      + ".")
  String state;

  @Mixin
  ReadOptions read;

  private NodeState wanted = NodeState.NODE_STATE_UNSPECIFIED;

  @Override
  void validate(CliContext context) {
    if (state != null) {
      wanted = RegistryArguments.state(state);
    }
  }

  @Override
  int run(Session session) {
    ListNodesResponse response = session.client().registry().listNodes(ListNodesRequest.newBuilder().setState(wanted)
        .setSerializable(read.serializable).build());
    RegistryViews.NodeList result = new RegistryViews.NodeList(Views.Header.of(response.getHeader()),
        response.getNodesList().stream().map(RegistryViews.NodeInfo::of).toList());
    session.output().print(result, out -> RegistryText.nodes(out, result));
    return ExitCodes.OK;
  }
}
