package io.meshkit.cli;

import io.meshkit.proto.v1.MutationResponse;
import io.meshkit.proto.v1.NodeState;
import io.meshkit.proto.v1.SetNodeStateRequest;
import picocli.CommandLine.Parameters;

/** A {@code nodes} command that moves node ID to one state: cordon, uncordon, drain, decommission. */
abstract class NodeStateCommand extends RegistryMutationCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The node.")
  String id;

  /** The state the command moves the node to. */
  abstract NodeState target();

  @Override
  void validate(CliContext context) {
    LeadersGetCommand.requireName("ID", id);
  }

  @Override
  MutationResponse mutate(Session session) {
    return session.client().registry().setNodeState(stamped(SetNodeStateRequest.newBuilder().setId(id)
        .setState(target()), session).build());
  }
}
