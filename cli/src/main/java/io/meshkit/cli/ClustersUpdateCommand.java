package io.meshkit.cli;

import io.meshkit.proto.v1.ClusterDescriptor;
import io.meshkit.proto.v1.GetClusterRequest;
import io.meshkit.proto.v1.MutationResponse;
import io.meshkit.proto.v1.UpdateClusterRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meshctl clusters update ID ...}: read, change what the options name, write back at that version. */
@Command(name = "update", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Changes the cluster's region, zones, priority, endpoints or labels (the options given; "
        + "list options replace the whole list) and keeps the rest. Role, state and epoch change only through "
        + "failover.",
        "meshctl reads the descriptor and writes it back only if nobody changed it in between (its version, or "
            + "--expected-version); else CONFLICT: read it again and retry."},
    footer = {"", "Examples:",
        "  meshctl clusters update us --priority 20 --reason 'bigger standby'",
        "  meshctl clusters update eu --relay-endpoint 10.0.0.9:8080 --dry-run"})
final class ClustersUpdateCommand extends RegistryMutationCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The cluster.")
  String id;

  @Mixin
  ClusterDescriptorOptions options;

  @Option(names = "--expected-version", paramLabel = "V",
      description = "Apply only at version V (as 'clusters get' showed it). Default: the version read just before.")
  long expectedVersion;

  @Override
  void validate(CliContext context) {
    LeadersGetCommand.requireName("ID", id);
    options.validate();
    RegistryArguments.notNegative("--expected-version", expectedVersion);
  }

  @Override
  MutationResponse mutate(Session session) {
    ClusterDescriptor current = session.client().federation().getCluster(GetClusterRequest.newBuilder().setId(id)
        .build()).getCluster();
    UpdateClusterRequest.Builder request = UpdateClusterRequest.newBuilder().setCluster(options.applyTo(current))
        .setExpectedVersion(expectedVersion != 0 ? expectedVersion : current.getVersion());
    return session.client().federation().updateCluster(stamped(request, session).build());
  }
}
