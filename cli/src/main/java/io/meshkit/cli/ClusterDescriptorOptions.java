package io.meshkit.cli;

import io.meshkit.proto.v1.ClusterDescriptor;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * A cluster descriptor's settings as {@code clusters register} and {@code clusters update} take them.
 * Every option is null when not given, so {@link #applyTo} changes only what the command line names.
 */
final class ClusterDescriptorOptions {
  @Option(names = "--region", paramLabel = "REGION", description = "The cluster's region, e.g. eu-west-1.")
  String region;

  @Option(names = "--zone", paramLabel = "ZONE", description = "A zone it spans; repeat for several. Replaces the list.")
  List<String> zones;

  @Option(names = "--priority", paramLabel = "N", description = "Failover preference among standbys, 0 or more; "
      + "higher first.")
  Integer priority;

  @Option(names = "--grpc-endpoint", paramLabel = "HOST:PORT",
      description = "A member's client (gRPC) address; repeat for each. Replaces the list.")
  List<String> grpcEndpoints;

  @Option(names = "--relay-endpoint", paramLabel = "HOST:PORT",
      description = "One of its relays' addresses; repeat for several. Replaces the list.")
  List<String> relayEndpoints;

  @Option(names = "--label", paramLabel = "NAME=VALUE", description = "A label; repeat for several. Replaces them.")
  List<String> labels;

  /** Checks what the command line alone can tell; throws {@link UsageException}. */
  void validate() {
    RegistryArguments.labels("--label", labels == null ? List.of() : labels);
    RegistryArguments.notNegative("--priority", priority);
    for (List<String> endpoints : java.util.Arrays.asList(grpcEndpoints, relayEndpoints)) {
      if (endpoints != null && endpoints.stream().anyMatch(e -> !e.matches(".+:[0-9]{1,5}"))) {
        throw new UsageException("endpoints are host:port, like --grpc-endpoint 10.0.0.5:7001; got " + endpoints);
      }
    }
  }

  /** {@code base} with every given option applied. */
  ClusterDescriptor applyTo(ClusterDescriptor base) {
    ClusterDescriptor.Builder c = base.toBuilder();
    if (region != null) {
      c.setRegion(region);
    }
    if (zones != null) {
      c.clearZones().addAllZones(zones);
    }
    if (priority != null) {
      c.setPriority(priority);
    }
    if (grpcEndpoints != null) {
      c.clearGrpcEndpoints().addAllGrpcEndpoints(grpcEndpoints);
    }
    if (relayEndpoints != null) {
      c.clearRelayEndpoints().addAllRelayEndpoints(relayEndpoints);
    }
    if (labels != null) {
      c.clearLabels().putAllLabels(RegistryArguments.labels("--label", labels));
    }
    return c.build();
  }
}
