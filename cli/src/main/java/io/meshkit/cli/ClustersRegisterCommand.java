package io.meshkit.cli;

import io.meshkit.proto.v1.ClusterDescriptor;
import io.meshkit.proto.v1.ClusterRole;
import io.meshkit.proto.v1.MutationResponse;
import io.meshkit.proto.v1.RegisterClusterRequest;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meshctl clusters register ID --role R ...}. */
@Command(name = "register", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Registers cluster ID in the federation, active. A primary starts at the federation's highest "
        + "epoch + 1 and is refused while another primary is active (fail over instead); standbys and observers "
        + "start at epoch 0. Prints the descriptor as registered and the revision."},
    footer = {"", "Examples:",
        "  meshctl clusters register eu --role primary --region eu-west-1 --zone eu-west-1a --zone eu-west-1b \\",
        "      --grpc-endpoint 10.0.0.1:7001 --grpc-endpoint 10.0.0.2:7001 --grpc-endpoint 10.0.0.3:7001",
        "  meshctl clusters register us --role standby --priority 10 --grpc-endpoint 10.1.0.1:7001 --dry-run"})
final class ClustersRegisterCommand extends RegistryMutationCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The cluster's id: lower-case letters, digits, '.', '-'.")
  String id;

  @Option(names = "--role", required = true, paramLabel = "ROLE", description = "primary, standby or observer.")
  String role;

  @Mixin
  ClusterDescriptorOptions options;

  private ClusterRole wanted;

  @Override
  void validate(CliContext context) {
    LeadersGetCommand.requireName("ID", id);
    options.validate();
    wanted = switch (role.toLowerCase(Locale.ROOT)) {
      case "primary" -> ClusterRole.CLUSTER_PRIMARY;
      case "standby" -> ClusterRole.CLUSTER_STANDBY;
      case "observer" -> ClusterRole.CLUSTER_OBSERVER;
      default -> throw new UsageException("--role must be primary, standby or observer, not " + role);
    };
  }

  @Override
  MutationResponse mutate(Session session) {
    ClusterDescriptor cluster = options.applyTo(ClusterDescriptor.newBuilder().setId(id).setRole(wanted).build());
    return session.client().federation().registerCluster(stamped(RegisterClusterRequest.newBuilder()
        .setCluster(cluster), session).build());
  }
}
