package io.meshkit.registry.shards;

import io.meshkit.proto.v1.AuditRecord;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.NodeState;
import io.meshkit.proto.v1.RegisterNodeRequest;
import io.meshkit.proto.v1.SetNodeStateRequest;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.UpdateNodeRequest;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.CommandFailure;
import java.util.List;
import java.util.Optional;

/**
 * Apply of node registration, update and state changes. Decommissioned is terminal and requires
 * that the node holds no replica of any shard.
 */
final class NodeCommands {
  private NodeCommands() {}

  static AuditRecord register(ApplyContext context, RegisterNodeRequest request) {
    Node node = request.getNode();
    RegistryState.node(context, node.getId()).ifPresent(existing -> {
      throw new CommandFailure(ErrorCode.ALREADY_EXISTS, "node " + node.getId() + " is already registered ("
          + existing.getState() + "); update it instead" + (existing.getState() == NodeState.NODE_DECOMMISSIONED
          ? ", or register the machine under a new id" : ""));
    });
    RegistryChanges changes = new RegistryChanges(context, "node.register", request.getChange());
    changes.put(Optional.empty(), node.toBuilder().setCapacityWeight(Eligibility.weight(node))
        .setState(NodeState.NODE_ACTIVE).setRegisteredRevision(context.revision())
        .setModRevision(context.revision()).setVersion(1).build());
    return changes.finish();
  }

  static AuditRecord update(ApplyContext context, UpdateNodeRequest request) {
    Node wanted = request.getNode();
    Node existing = require(context, wanted.getId());
    if (request.getExpectedVersion() != 0 && request.getExpectedVersion() != existing.getVersion()) {
      throw new CommandFailure(ErrorCode.CONFLICT, "node " + existing.getId() + " is at version "
          + existing.getVersion() + ", not " + request.getExpectedVersion() + "; read it again and retry");
    }
    Node updated = existing.toBuilder().clearEndpoints().addAllEndpoints(wanted.getEndpointsList())
        .setZone(wanted.getZone()).clearLabels().putAllLabels(wanted.getLabelsMap())
        .setCapacityWeight(Eligibility.weight(wanted)).build();
    RegistryChanges changes = new RegistryChanges(context, "node.update", request.getChange());
    if (!updated.equals(existing)) {
      changes.put(Optional.of(existing), updated.toBuilder().setModRevision(context.revision())
          .setVersion(existing.getVersion() + 1).build());
    }
    return changes.finish();
  }

  static AuditRecord setState(ApplyContext context, SetNodeStateRequest request) {
    Node existing = require(context, request.getId());
    NodeState wanted = request.getState();
    RegistryChanges changes = new RegistryChanges(context, "node." + action(wanted), request.getChange());
    if (existing.getState() == wanted) {
      return changes.finish();
    }
    if (existing.getState() == NodeState.NODE_DECOMMISSIONED) {
      throw new CommandFailure(ErrorCode.FAILED_PRECONDITION, "node " + existing.getId()
          + " is decommissioned, which is final; register the machine under a new id");
    }
    if (wanted == NodeState.NODE_DECOMMISSIONED) {
      List<Shard> held = RegistryState.shards(context, "", null, s -> s.getReplicasList().contains(existing.getId()), 5);
      if (!held.isEmpty()) {
        throw new CommandFailure(ErrorCode.FAILED_PRECONDITION, "node " + existing.getId() + " still holds shards ("
            + held.stream().map(RegistryChanges::target).toList() + (held.size() == 5 ? " and maybe more" : "")
            + "); drain it and move its shards first");
      }
    }
    changes.put(Optional.of(existing), existing.toBuilder().setState(wanted).setModRevision(context.revision())
        .setVersion(existing.getVersion() + 1).build());
    return changes.finish();
  }

  private static String action(NodeState state) {
    return switch (state) {
      case NODE_ACTIVE -> "activate";
      case NODE_CORDONED -> "cordon";
      case NODE_DRAINING -> "drain";
      case NODE_DECOMMISSIONED -> "decommission";
      case NODE_STATE_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalStateException("validated before the log");
    };
  }

  /** The node a mutation changes: it must be registered, and be this cluster's own. */
  static Node require(ApplyContext context, String id) {
    Node node = RegistryState.node(context, id).orElseThrow(() -> new CommandFailure(ErrorCode.NOT_FOUND,
        "node " + id + " is not registered; list nodes with `meshctl nodes list`"));
    ReplicaWrites.requireLocal("node " + id, node.getReplicatedFrom());
    return node;
  }
}
