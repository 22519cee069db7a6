package io.meshkit.registry.shards;

import io.meshkit.proto.v1.AssignShardRequest;
import io.meshkit.proto.v1.AuditRecord;
import io.meshkit.proto.v1.ChangeInfo;
import io.meshkit.proto.v1.CreateShardsRequest;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.NodeState;
import io.meshkit.proto.v1.SetShardStatusRequest;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.ShardStatus;
import io.meshkit.proto.v1.TransferShardRequest;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.CommandFailure;
import io.meshkit.sharding.Placement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Apply of shard creation and ownership changes. Invariants kept here: a shard's owner is
 * {@code replicas[0]}; its epoch starts at 1 and grows by one on every change of owner, never
 * otherwise; an owner or replica is always a registered, not decommissioned node; a change that
 * names an expected epoch applies only at that epoch (optimistic concurrency).
 */
final class ShardCommands {
  private ShardCommands() {}

  static AuditRecord create(ApplyContext context, CreateShardsRequest request) {
    Namespace ns = NamespaceCommands.require(context, request.getNamespace());
    if (ns.getShardsCreated()) {
      throw new CommandFailure(ErrorCode.ALREADY_EXISTS, "namespace " + ns.getName() + " already has its "
          + ns.getShardCount() + " shards; move them with `meshctl shards transfer`");
    }
    List<Node> eligible = Eligibility.requireEnough(ns, RegistryState.nodes(context));
    Map<Integer, List<String>> placement = Placement.initial(ns, Eligibility.candidates(eligible));
    RegistryChanges changes = new RegistryChanges(context, "shards.create", request.getChange());
    long revision = context.revision();
    for (int id = 0; id < ns.getShardCount(); id++) {
      List<String> replicas = placement.get(id);
      changes.put(Optional.empty(), Shard.newBuilder().setNamespace(ns.getName()).setShardId(id)
          .setOwner(replicas.get(0)).addAllReplicas(replicas).setStatus(ShardStatus.SHARD_ACTIVE).setEpoch(1)
          .setCreateRevision(revision).setModRevision(revision).setVersion(1).build());
    }
    changes.put(Optional.of(ns), ns.toBuilder().setShardsCreated(true).setModRevision(revision)
        .setVersion(ns.getVersion() + 1).build());
    return changes.finish();
  }

  static AuditRecord assign(ApplyContext context, AssignShardRequest request) {
    Shard shard = require(context, request.getNamespace(), request.getShardId(), request.getExpectedEpoch());
    return replace(context, shard, request.getReplicasList(), "shard.assign", request.getChange());
  }

  /**
   * {@code to} becomes replicas[0]; if it held no replica, it takes the old owner's place. A transfer to
   * the current owner changes nothing (no epoch bump, no audit record).
   */
  static AuditRecord transfer(ApplyContext context, TransferShardRequest request) {
    Shard shard = require(context, request.getNamespace(), request.getShardId(), request.getExpectedEpoch());
    String to = request.getTo();
    if (shard.getOwner().equals(to)) {
      // Already there: a repeated transfer changes nothing, like setting a status a shard already has.
      return new RegistryChanges(context, "shard.transfer", request.getChange()).finish();
    }
    List<String> replicas = new ArrayList<>(shard.getReplicasList());
    if (!replicas.remove(to)) {
      replicas.remove(shard.getOwner());
    }
    replicas.add(0, to);
    return replace(context, shard, replicas, "shard.transfer", request.getChange());
  }

  static AuditRecord setStatus(ApplyContext context, SetShardStatusRequest request) {
    Shard shard = require(context, request.getNamespace(), request.getShardId(), request.getExpectedEpoch());
    RegistryChanges changes = new RegistryChanges(context, "shard.status", request.getChange());
    if (shard.getStatus() != request.getStatus()) {
      changes.put(Optional.of(shard), shard.toBuilder().setStatus(request.getStatus())
          .setModRevision(context.revision()).setVersion(shard.getVersion() + 1).build());
    }
    return changes.finish();
  }

  private static AuditRecord replace(ApplyContext context, Shard shard, List<String> replicas, String action,
      ChangeInfo change) {
    for (String id : replicas) {
      Node node = RegistryState.node(context, id).orElseThrow(() -> new CommandFailure(ErrorCode.NOT_FOUND,
          "node " + id + " is not registered; register it with `meshctl nodes register` first"));
      if (node.getState() == NodeState.NODE_DECOMMISSIONED) {
        throw new CommandFailure(ErrorCode.FAILED_PRECONDITION, "node " + id
            + " is decommissioned and may not hold shards; choose another node");
      }
    }
    RegistryChanges changes = new RegistryChanges(context, action, change);
    if (!replicas.equals(shard.getReplicasList())) {
      boolean newOwner = !replicas.get(0).equals(shard.getOwner());
      changes.put(Optional.of(shard), shard.toBuilder().setOwner(replicas.get(0)).clearReplicas()
          .addAllReplicas(replicas).setEpoch(shard.getEpoch() + (newOwner ? 1 : 0))
          .setModRevision(context.revision()).setVersion(shard.getVersion() + 1).build());
    }
    return changes.finish();
  }

  /** The shard, checked against the expected epoch (0 = any). */
  private static Shard require(ApplyContext context, String namespace, int shardId, long expectedEpoch) {
    Namespace ns = NamespaceCommands.require(context, namespace);
    Shard shard = RegistryState.shard(context, namespace, shardId).orElseThrow(() -> new CommandFailure(
        ErrorCode.NOT_FOUND, "shard " + namespace + "/" + shardId + " not found: "
        + (ns.getShardsCreated() ? "the namespace has shards 0 to " + (ns.getShardCount() - 1)
            : "the namespace has no shards yet; create them with `meshctl shards create " + namespace + "`")));
    if (expectedEpoch != 0 && expectedEpoch != shard.getEpoch()) {
      throw new CommandFailure(ErrorCode.CONFLICT, RegistryChanges.target(shard) + " is at epoch " + shard.getEpoch()
          + ", not " + expectedEpoch + ": its owner changed since you read it; read it again and retry");
    }
    return shard;
  }
}
