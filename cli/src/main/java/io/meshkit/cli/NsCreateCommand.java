package io.meshkit.cli;

import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.MutationResponse;
import io.meshkit.proto.v1.Namespace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code meshctl ns create NAME --shards N ...}. */
@Command(name = "create", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Creates namespace NAME (without shards: 'meshctl shards create NAME' places them once nodes "
        + "are registered). Prints the namespace as created, and the revision.",
        "Defaults: --strategy rendezvous, --replicas " + NsCreateCommand.DEFAULT_REPLICAS + ", no placement "
            + "constraints, rebalancer policy zero (off). With --strategy ranges the shard count follows "
            + "--split-points."},
    footer = {"", "Examples:",
        "  meshctl ns create orders --shards 64 --replicas 3 --strategy rendezvous",
        "  meshctl ns create users --strategy ranges --split-points g,n,t --replicas 2",
        "  meshctl ns create logs --shards 16 --zones eu-1a,eu-1b --spread-zones",
        "  meshctl ns create cache --shards 256 --strategy ring --virtual-nodes 64 --dry-run"})
final class NsCreateCommand extends RegistryMutationCommand {
  static final int DEFAULT_REPLICAS = 3;

  @Parameters(index = "0", paramLabel = "NAME", description = "The namespace: lower-case letters, digits, '.', "
      + "'_', '-'.")
  String name;

  @Mixin
  NamespaceOptions options;

  private Namespace namespace;

  @Override
  void validate(CliContext context) {
    LeadersGetCommand.requireName("NAME", name);
    options.validate();
    if (options.shards == null && options.splitPoints == null) {
      throw new UsageException("give --shards N (or --strategy ranges --split-points A,B,...)");
    }
    namespace = options.applyTo(Namespace.newBuilder().setName(name).setReplicationFactor(DEFAULT_REPLICAS).build());
  }

  @Override
  MutationResponse mutate(Session session) {
    return session.client().registry().createNamespace(
        stamped(CreateNamespaceRequest.newBuilder().setNamespace(namespace), session).build());
  }
}
