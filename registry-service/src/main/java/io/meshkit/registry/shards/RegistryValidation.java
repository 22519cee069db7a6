package io.meshkit.registry.shards;

import io.meshkit.proto.v1.ChangeInfo;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.NamespacePolicy;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.NodeState;
import io.meshkit.proto.v1.PlacementConstraints;
import io.meshkit.proto.v1.ShardStatus;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.sharding.Strategies;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Stateless checks of registry requests, before they are proposed (on the receiving member and on the
 * leader). Everything here depends on the request alone; checks against the stored state (exists,
 * epoch, eligible nodes) happen in apply.
 */
final class RegistryValidation {
  static final int MAX_REPLICATION = 7;
  /** Moves in one rebalance plan; more is several plans (each plan is one replicated record). */
  static final int MAX_MOVES_PER_PLAN = 512;
  static final double MAX_WEIGHT = 1000;
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?");
  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,125}[A-Za-z0-9])?");
  private static final int MAX_ENDPOINTS = 8;
  private static final int MAX_TEXT = 256;
  private static final int MAX_REASON = 1024;
  private static final int MAX_LABELS = 32;

  private RegistryValidation() {}

  static void namespaceName(String name) throws CommandRejectedException {
    if (!NAMESPACE.matcher(name).matches()) {
      throw invalid("namespace name \"" + name + "\" is not valid",
          "use 1-63 lower-case letters, digits, '.', '_' or '-', starting and ending with a letter or digit");
    }
  }

  static void nodeId(String id) throws CommandRejectedException {
    if (!NODE_ID.matcher(id).matches()) {
      throw invalid("node id \"" + id + "\" is not valid",
          "use 1-127 letters, digits, '.', '_' or '-', starting and ending with a letter or digit");
    }
  }

  static void namespace(Namespace ns) throws CommandRejectedException {
    namespaceName(ns.getName());
    List<String> problems = Strategies.problems(ns.getHashing(), ns.getShardCount());
    if (!problems.isEmpty()) {
      throw invalid("namespace " + ns.getName() + ": " + String.join("; ", problems), "");
    }
    if (ns.getReplicationFactor() < 1 || ns.getReplicationFactor() > MAX_REPLICATION) {
      throw invalid("replication factor " + ns.getReplicationFactor() + " is out of range",
          "use 1 to " + MAX_REPLICATION);
    }
    placement(ns.getPlacement());
    policy(ns.getPolicy());
  }

  private static void placement(PlacementConstraints placement) throws CommandRejectedException {
    if (placement.getZonesCount() > MAX_LABELS) {
      throw invalid(placement.getZonesCount() + " zones listed", "list at most " + MAX_LABELS);
    }
    for (String zone : placement.getZonesList()) {
      text("zone", zone, MAX_TEXT);
    }
    labels("placement node label", placement.getNodeLabelsMap());
  }

  private static void policy(NamespacePolicy policy) throws CommandRejectedException {
    if (!(policy.getImbalanceStart() >= 0 && policy.getImbalanceStart() <= 10)
        || !(policy.getImbalanceStop() >= 0 && policy.getImbalanceStop() <= 10)) {
      throw invalid("imbalance thresholds must be between 0 and 10 (0.2 = 20 % above the fair share)", "");
    }
    if (policy.getImbalanceStop() > policy.getImbalanceStart()) {
      throw invalid("imbalance stop " + policy.getImbalanceStop() + " is above imbalance start "
          + policy.getImbalanceStart(), "stop must be at or below start, or plans would oscillate");
    }
    if (policy.getMaxConcurrentMoves() < 0 || policy.getCooldownMs() < 0 || policy.getMaxMovesPerPlan() < 0
        || policy.getMaxUnhealthyNodes() < 0) {
      throw invalid("max concurrent moves, max moves per plan, max unhealthy nodes and cooldown must not be negative",
          "0 means the default");
    }
    if (policy.getMaxMovesPerPlan() > MAX_MOVES_PER_PLAN) {
      throw invalid("max moves per plan " + policy.getMaxMovesPerPlan() + " is too many",
          "use at most " + MAX_MOVES_PER_PLAN + "; a larger change is several plans");
    }
    if (policy.getMode() == io.meshkit.proto.v1.RebalanceMode.UNRECOGNIZED) {
      throw invalid("unknown rebalance mode", "use dry-run, approval or auto");
    }
    if (policy.getScoringWeightsCount() > MAX_LABELS) {
      throw invalid(policy.getScoringWeightsCount() + " scoring weights given", "give at most " + MAX_LABELS);
    }
    for (var weight : policy.getScoringWeightsMap().entrySet()) {
      text("scoring adapter name", weight.getKey(), MAX_TEXT);
      if (!(weight.getValue() >= 0 && weight.getValue() <= 1000)) {
        throw invalid("scoring weight " + weight.getKey() + "=" + weight.getValue() + " is out of range",
            "give a weight from 0 (off) to 1000");
      }
    }
  }

  static void node(Node node) throws CommandRejectedException {
    nodeId(node.getId());
    if (node.getEndpointsCount() == 0 || node.getEndpointsCount() > MAX_ENDPOINTS) {
      throw invalid("node " + node.getId() + " has " + node.getEndpointsCount() + " data-plane endpoints",
          "give 1 to " + MAX_ENDPOINTS + " endpoints (host:port) the relay can route to");
    }
    for (String endpoint : node.getEndpointsList()) {
      if (endpoint.isBlank()) {
        throw invalid("node " + node.getId() + " has an empty endpoint", "give host:port");
      }
      text("endpoint", endpoint, MAX_TEXT);
    }
    text("zone", node.getZone(), MAX_TEXT);
    labels("node label", node.getLabelsMap());
    double weight = node.getCapacityWeight();
    if (!(weight >= 0 && weight <= MAX_WEIGHT)) {
      throw invalid("capacity weight " + weight + " is out of range", "use a value above 0 and at most "
          + (int) MAX_WEIGHT + " (0 = 1)");
    }
  }

  static void shardId(int shardId) throws CommandRejectedException {
    if (shardId < 0) {
      throw invalid("shard id " + shardId + " is negative", "shard ids run from 0 to shard count - 1");
    }
  }

  static void replicas(List<String> replicas) throws CommandRejectedException {
    if (replicas.isEmpty() || replicas.size() > 16) {
      throw invalid("a shard needs 1 to 16 replicas, got " + replicas.size(), "list the owner first");
    }
    for (String id : replicas) {
      nodeId(id);
    }
    if (new HashSet<>(replicas).size() != replicas.size()) {
      throw invalid("replicas " + replicas + " name a node twice", "list each node once, the owner first");
    }
  }

  static void status(ShardStatus status) throws CommandRejectedException {
    if (status == ShardStatus.SHARD_STATUS_UNSPECIFIED || status == ShardStatus.UNRECOGNIZED) {
      throw invalid("no shard status given", "choose active, draining, moving or offline");
    }
  }

  static void state(NodeState state) throws CommandRejectedException {
    if (state == NodeState.NODE_STATE_UNSPECIFIED || state == NodeState.UNRECOGNIZED) {
      throw invalid("no node state given", "choose active, cordoned, draining or decommissioned");
    }
  }

  static void expected(String what, long expected) throws CommandRejectedException {
    if (expected < 0) {
      throw invalid("expected " + what + " " + expected + " is negative", "0 = unconditional");
    }
  }

  static void change(ChangeInfo change) throws CommandRejectedException {
    text("actor", change.getActor(), MAX_TEXT);
    text("reason", change.getReason(), MAX_REASON);
    text("change ticket", change.getChangeTicket(), MAX_TEXT);
  }

  static void labels(String what, Map<String, String> labels) throws CommandRejectedException {
    if (labels.size() > MAX_LABELS) {
      throw invalid(labels.size() + " " + what + "s", "use at most " + MAX_LABELS);
    }
    for (Map.Entry<String, String> label : labels.entrySet()) {
      if (label.getKey().isEmpty()) {
        throw invalid("a " + what + " has an empty name", "write labels as name=value");
      }
      text(what + " name", label.getKey(), MAX_TEXT);
      text(what + " value", label.getValue(), MAX_TEXT);
    }
  }

  private static void text(String what, String value, int max) throws CommandRejectedException {
    if (value.length() > max) {
      throw invalid(what + " is " + value.length() + " characters long", "use at most " + max);
    }
  }

  private static CommandRejectedException invalid(String message, String hint) {
    return new CommandRejectedException(ErrorCode.INVALID_ARGUMENT, message, hint);
  }
}
