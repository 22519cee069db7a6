package io.meshkit.registry.shards;

import io.meshkit.proto.v1.AssignShardRequest;
import io.meshkit.proto.v1.AuditRecord;
import io.meshkit.proto.v1.ChangeInfo;
import io.meshkit.proto.v1.ClusterDescriptor;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegistryEvent;
import io.meshkit.proto.v1.SetShardStatusRequest;
import io.meshkit.proto.v1.Shard;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.raft.KeyValueReader;
import java.util.List;
import java.util.Optional;

/**
 * The registry as other domains' command handlers see it (the rebalancer's plan steps, federation's
 * cluster descriptors): typed reads, the two shard mutations a move step is, and the audited store of
 * cluster descriptors. A mutation made here is the same as through the
 * Registry API — the same checks, epoch rule, watch events and audit record — inside the caller's
 * apply, so the caller's own writes and the registry change commit together or not at all. A
 * business failure throws {@link io.meshkit.raft.CommandFailure} before anything is written.
 */
public final class RegistryAccess {
  private RegistryAccess() {}

  public static Optional<Namespace> namespace(KeyValueReader state, String name) {
    return RegistryState.namespace(state, name);
  }

  public static List<Namespace> namespaces(KeyValueReader state) {
    return RegistryState.namespaces(state);
  }

  public static Optional<Shard> shard(KeyValueReader state, String namespace, int shardId) {
    return RegistryState.shard(state, namespace, shardId);
  }

  public static List<Shard> shards(KeyValueReader state, String namespace) {
    return RegistryState.shards(state, namespace);
  }

  public static List<Node> nodes(KeyValueReader state) {
    return RegistryState.nodes(state);
  }

  public static Optional<ClusterDescriptor> cluster(KeyValueReader state, String id) {
    return RegistryState.cluster(state, id);
  }

  /** Every cluster descriptor of the federation, by id. */
  public static List<ClusterDescriptor> clusters(KeyValueReader state) {
    return RegistryState.clusters(state);
  }

  /**
   * Stores a cluster descriptor (cluster-federation's commands decide what it is): the record, its
   * watch event and an audit record of {@code action} with the before → after change, in the caller's
   * apply. Returns the audit record.
   */
  public static AuditRecord putCluster(ApplyContext context, String action, ChangeInfo change,
      Optional<ClusterDescriptor> before, ClusterDescriptor after) {
    RegistryChanges changes = new RegistryChanges(context, action, change);
    changes.put(before, after);
    return changes.finish();
  }

  /**
   * Applies registry changes read from cluster {@code source} (federation replication), marking what
   * it writes as replicated; see {@link ReplicaWrites}. Throws {@link io.meshkit.raft.CommandFailure}
   * before anything is written when a record here is this cluster's own.
   */
  public static AuditRecord replicate(ApplyContext context, String source, java.util.List<RegistryEvent> events,
      boolean resync) {
    return ReplicaWrites.apply(context, source, events, resync);
  }

  /**
   * A failover's change, in one audit record: the namespaces (exported only, when {@code exportedOnly})
   * and nodes replicated from {@code fromMark} ("" = this cluster's own) marked as replicated from
   * {@code toMark} ("" = made this cluster's own), and the given cluster descriptors stored.
   */
  public static AuditRecord rehome(ApplyContext context, String action, ChangeInfo change, String fromMark,
      String toMark, boolean exportedOnly, java.util.List<ClusterDescriptor> descriptors) {
    return ReplicaWrites.rehome(context, action, change, fromMark, toMark, exportedOnly, descriptors);
  }

  /** An audit record of {@code action} that changed nothing (a request that asked for what is). */
  public static AuditRecord unchanged(ApplyContext context, String action, ChangeInfo change) {
    return new RegistryChanges(context, action, change).finish();
  }

  /** One page of the audit trail, as {@code ListAudit} answers it. */
  public static List<AuditRecord> audit(KeyValueReader state, io.meshkit.proto.v1.ListAuditRequest request) {
    return AuditTrail.page(state, request.getFromRevision(), request.getLimit(), request.getTargetPrefix())
        .getRecordsList();
  }

  /** Sets the shard's replicas (owner first) at {@code expectedEpoch}; see {@code AssignShard}. */
  public static AuditRecord assign(ApplyContext context, AssignShardRequest request) {
    return ShardCommands.assign(context, request);
  }

  /** Sets the shard's status at {@code expectedEpoch}; see {@code SetShardStatus}. */
  public static AuditRecord setStatus(ApplyContext context, SetShardStatusRequest request) {
    return ShardCommands.setStatus(context, request);
  }

  /** The registry's checks of a namespace name, for requests that name one. */
  public static void validateNamespaceName(String name) throws CommandRejectedException {
    RegistryValidation.namespaceName(name);
  }

  public static void validateNodeId(String id) throws CommandRejectedException {
    RegistryValidation.nodeId(id);
  }

  /** At most the registry's number of labels, non-empty names, bounded sizes. */
  public static void validateLabels(String what, java.util.Map<String, String> labels)
      throws CommandRejectedException {
    RegistryValidation.labels(what, labels);
  }

  /** Actor, reason and change ticket sizes. */
  public static void validateChange(ChangeInfo change) throws CommandRejectedException {
    RegistryValidation.change(change);
  }

  /** The most moves one plan may hold. */
  public static int maxMovesPerPlan() {
    return RegistryValidation.MAX_MOVES_PER_PLAN;
  }
}
