package io.meshkit.federation.descriptors;

import io.meshkit.proto.v1.ClusterDescriptor;
import io.meshkit.proto.v1.ClusterRole;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.registry.shards.RegistryAccess;
import java.util.List;
import java.util.regex.Pattern;

/** The checks of a cluster descriptor a request carries, before it is proposed (no state needed). */
final class ClusterValidation {
  private static final Pattern ID = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");
  private static final int MAX_TEXT = 253;
  private static final int MAX_ZONES = 16;
  private static final int MAX_ENDPOINTS = 32;

  private ClusterValidation() {}

  static void id(String id) throws CommandRejectedException {
    if (!ID.matcher(id).matches()) {
      throw invalid("cluster id \"" + id + "\" is not valid",
          "use 1-63 lower-case letters, digits, '.' or '-', starting and ending with a letter or digit");
    }
  }

  /** Everything a register or update may set: id, region, zones, priority, endpoints, labels. */
  static void descriptor(ClusterDescriptor c) throws CommandRejectedException {
    id(c.getId());
    text("region", c.getRegion());
    if (c.getZonesCount() > MAX_ZONES) {
      throw invalid(c.getZonesCount() + " zones", "list at most " + MAX_ZONES);
    }
    for (String zone : c.getZonesList()) {
      if (zone.isBlank()) {
        throw invalid("cluster " + c.getId() + " has an empty zone", "name each zone, e.g. eu-west-1a");
      }
      text("zone", zone);
    }
    if (c.getPriority() < 0) {
      throw invalid("priority " + c.getPriority() + " is negative", "use 0 or more; higher is preferred in failover");
    }
    endpoints("gRPC endpoint", c.getGrpcEndpointsList());
    endpoints("relay endpoint", c.getRelayEndpointsList());
    RegistryAccess.validateLabels("cluster label", c.getLabelsMap());
  }

  static void role(ClusterRole role) throws CommandRejectedException {
    if (role == ClusterRole.CLUSTER_ROLE_UNSPECIFIED || role == ClusterRole.UNRECOGNIZED) {
      throw invalid("the cluster has no role", "give primary, standby or observer");
    }
  }

  private static void endpoints(String what, List<String> endpoints) throws CommandRejectedException {
    if (endpoints.size() > MAX_ENDPOINTS) {
      throw invalid(endpoints.size() + " " + what + "s", "list at most " + MAX_ENDPOINTS);
    }
    for (String e : endpoints) {
      int colon = e.lastIndexOf(':');
      boolean valid = colon > 0 && colon < e.length() - 1 && e.substring(colon + 1).chars().allMatch(Character::isDigit)
          && e.length() <= MAX_TEXT;
      if (valid) {
        int port = Integer.parseInt(e.substring(colon + 1));
        valid = port > 0 && port < 65536;
      }
      if (!valid) {
        throw invalid(what + " \"" + e + "\" is not host:port", "write it like 10.0.0.5:7001");
      }
    }
  }

  private static void text(String what, String value) throws CommandRejectedException {
    if (value.length() > MAX_TEXT) {
      throw invalid(what + " is " + value.length() + " characters", "keep it to " + MAX_TEXT);
    }
  }

  static CommandRejectedException invalid(String message, String hint) {
    return new CommandRejectedException(ErrorCode.INVALID_ARGUMENT, message, hint);
  }
}
