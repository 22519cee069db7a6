package io.meshkit.cli;

import io.meshkit.proto.v1.Node;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * A node's settings as {@code nodes register} and {@code nodes update} take them. Every option is
 * null when not given, so {@link #applyTo} changes only what the command line names.
 */
final class NodeOptions {
  @Option(names = "--endpoint", paramLabel = "HOST:PORT",
      description = "A data-plane endpoint the relay routes to; repeat for several, preferred first. "
          + "Replaces the node's endpoints.")
  List<String> endpoints;

  @Option(names = "--zone", paramLabel = "ZONE", description = "The node's zone (failure domain).")
  String zone;

  @Option(names = "--label", paramLabel = "NAME=VALUE",
      description = "A label namespaces can require; repeat for several. Replaces the node's labels.")
  List<String> labels;

  @Option(names = "--weight", paramLabel = "W", description = "Relative capacity for placement, above 0 (1 = default).")
  Double weight;

  /** Checks what the command line alone can tell; throws {@link UsageException}. */
  void validate() {
    RegistryArguments.labels("--label", labels == null ? List.of() : labels);
    if (endpoints != null && endpoints.stream().anyMatch(String::isBlank)) {
      throw new UsageException("--endpoint must not be empty; write it like --endpoint 10.0.0.1:9000");
    }
    if (weight != null && !(weight > 0)) {
      throw new UsageException("--weight must be above 0 (1 = default capacity), got " + weight);
    }
  }

  boolean hasEndpoints() {
    return endpoints != null && !endpoints.isEmpty();
  }

  /** {@code base} with every given option applied. */
  Node applyTo(Node base) {
    Node.Builder node = base.toBuilder();
    if (endpoints != null) {
      node.clearEndpoints().addAllEndpoints(endpoints);
    }
    if (zone != null) {
      node.setZone(zone);
    }
    if (labels != null) {
      node.clearLabels().putAllLabels(RegistryArguments.labels("--label", labels));
    }
    if (weight != null) {
      node.setCapacityWeight(weight);
    }
    return node.build();
  }
}
