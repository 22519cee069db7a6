package io.meshkit.cli;

import io.meshkit.proto.v1.DeleteNamespaceRequest;
import io.meshkit.proto.v1.MutationResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code meshctl ns delete NAME}. */
@Command(name = "delete", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Deletes namespace NAME and its shards. Prints every target deleted and the revision; "
        + "--dry-run lists them without deleting."},
    footer = {"", "Examples:",
        "  meshctl ns delete orders --dry-run",
        "  meshctl ns delete orders --reason 'service retired' --ticket OPS-99"})
final class NsDeleteCommand extends RegistryMutationCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "The namespace.")
  String name;

  @Override
  void validate(CliContext context) {
    LeadersGetCommand.requireName("NAME", name);
  }

  @Override
  MutationResponse mutate(Session session) {
    return session.client().registry().deleteNamespace(
        stamped(DeleteNamespaceRequest.newBuilder().setName(name), session).build());
  }
}
