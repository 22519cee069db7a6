package io.meshkit.cli;

import io.meshkit.proto.v1.CreateShardsRequest;
import io.meshkit.proto.v1.MutationResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code meshctl shards create NAMESPACE}. */
@Command(name = "create", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Creates every shard of NAMESPACE with a balanced placement over its eligible nodes (active, "
        + "in its zones, with its node labels), epoch 1. Prints each shard's owner and replicas, and the revision.",
        "Fails with FAILED_PRECONDITION when fewer eligible nodes than replicas are registered. Once the shards "
            + "exist, the namespace's hashing and shard count are fixed."},
    footer = {"", "Examples:",
        "  meshctl shards create orders --dry-run    # the placement it would make",
        "  meshctl shards create orders --reason 'launch' --ticket OPS-7"})
final class ShardsCreateCommand extends RegistryMutationCommand {
  @Parameters(index = "0", paramLabel = "NAMESPACE", description = "The namespace.")
  String namespace;

  @Override
  void validate(CliContext context) {
    LeadersGetCommand.requireName("NAMESPACE", namespace);
  }

  @Override
  MutationResponse mutate(Session session) {
    return session.client().registry().createShards(
        stamped(CreateShardsRequest.newBuilder().setNamespace(namespace), session).build());
  }
}
