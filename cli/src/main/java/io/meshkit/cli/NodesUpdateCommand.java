package io.meshkit.cli;

import io.meshkit.proto.v1.GetNodeRequest;
import io.meshkit.proto.v1.MutationResponse;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.UpdateNodeRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meshctl nodes update ID ...}: read, change what the options name, write back at that version. */
@Command(name = "update", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Changes the node's endpoints, zone, labels or weight (the options given; --endpoint and "
        + "--label replace the whole list) and keeps the rest. The state changes with cordon, uncordon, drain "
        + "and decommission.",
        "meshctl reads the node and writes it back only if nobody changed it in between (its version, or "
            + "--expected-version); else CONFLICT: read it again and retry."},
    footer = {"", "Examples:",
        "  meshctl nodes update node-1 --weight 2 --reason 'bigger machine'",
        "  meshctl nodes update node-1 --endpoint 10.0.0.9:9000 --dry-run"})
final class NodesUpdateCommand extends RegistryMutationCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The node.")
  String id;

  @Mixin
  NodeOptions options;

  @Option(names = "--expected-version", paramLabel = "V",
      description = "Apply only at version V (as 'nodes get' showed it). Default: the version read just before.")
  long expectedVersion;

  @Override
  void validate(CliContext context) {
    LeadersGetCommand.requireName("ID", id);
    options.validate();
    RegistryArguments.notNegative("--expected-version", expectedVersion);
  }

  @Override
  MutationResponse mutate(Session session) {
    Node current = session.client().registry().getNode(GetNodeRequest.newBuilder().setId(id).build()).getNode();
    UpdateNodeRequest.Builder request = UpdateNodeRequest.newBuilder().setNode(options.applyTo(current))
        .setExpectedVersion(expectedVersion != 0 ? expectedVersion : current.getVersion());
    return session.client().registry().updateNode(stamped(request, session).build());
  }
}
