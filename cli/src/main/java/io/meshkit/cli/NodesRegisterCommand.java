package io.meshkit.cli;

import io.meshkit.proto.v1.MutationResponse;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegisterNodeRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code meshctl nodes register ID --endpoint HOST:PORT ...}. */
@Command(name = "register", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Registers node ID, active: it can take shards from now on. Give at least one --endpoint. "
        + "Prints the node as registered and the revision."},
    footer = {"", "Examples:",
        "  meshctl nodes register node-1 --endpoint 10.0.0.1:9000",
        "  meshctl nodes register node-2 --endpoint 10.0.0.2:9000 --label disk=ssd",
        "  meshctl nodes register node-3 --endpoint 10.0.0.3:9000 --zone eu-1b --weight 2"})
final class NodesRegisterCommand extends RegistryMutationCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The node's id: letters, digits, '.', '_', '-'.")
  String id;

  @Mixin
  NodeOptions options;

  @Override
  void validate(CliContext context) {
    LeadersGetCommand.requireName("ID", id);
    options.validate();
    if (!options.hasEndpoints()) {
      throw new UsageException("give at least one --endpoint HOST:PORT the relay can route to");
    }
  }

  @Override
  MutationResponse mutate(Session session) {
    Node node = options.applyTo(Node.newBuilder().setId(id).build());
    return session.client().registry().registerNode(stamped(RegisterNodeRequest.newBuilder().setNode(node), session)
        .build());
  }
}
