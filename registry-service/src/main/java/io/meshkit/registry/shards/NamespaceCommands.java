package io.meshkit.registry.shards;

import io.meshkit.proto.v1.AuditRecord;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.DeleteNamespaceRequest;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.UpdateNamespaceRequest;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.CommandFailure;
import java.util.Optional;

/** Apply of namespace create, update and delete. Deterministic; see the registry handler. */
final class NamespaceCommands {
  private NamespaceCommands() {}

  static AuditRecord create(ApplyContext context, CreateNamespaceRequest request) {
    Namespace ns = request.getNamespace();
    RegistryState.namespace(context, ns.getName()).ifPresent(existing -> {
      throw new CommandFailure(ErrorCode.ALREADY_EXISTS, "namespace " + ns.getName() + " already exists (version "
          + existing.getVersion() + "); update it, or delete it first");
    });
    Eligibility.requireEnough(ns, RegistryState.nodes(context));
    RegistryChanges changes = new RegistryChanges(context, "namespace.create", request.getChange());
    changes.put(Optional.empty(), ns.toBuilder().setShardsCreated(false).setCreateRevision(context.revision())
        .setModRevision(context.revision()).setVersion(1).build());
    return changes.finish();
  }

  static AuditRecord update(ApplyContext context, UpdateNamespaceRequest request) {
    Namespace wanted = request.getNamespace();
    Namespace existing = require(context, wanted.getName());
    if (request.getExpectedVersion() != 0 && request.getExpectedVersion() != existing.getVersion()) {
      throw new CommandFailure(ErrorCode.CONFLICT, "namespace " + existing.getName() + " is at version "
          + existing.getVersion() + ", not " + request.getExpectedVersion() + ": it changed since you read it;"
          + " read it again and retry");
    }
    boolean mappingChanged = !wanted.getHashing().equals(existing.getHashing())
        || wanted.getShardCount() != existing.getShardCount();
    if (existing.getShardsCreated() && mappingChanged) {
      throw new CommandFailure(ErrorCode.FAILED_PRECONDITION, "namespace " + existing.getName()
          + " has its shards: its hashing strategy and shard count are fixed (changing them would move keys);"
          + " create a new namespace and migrate");
    }
    Namespace updated = existing.toBuilder().setHashing(wanted.getHashing()).setShardCount(wanted.getShardCount())
        .setReplicationFactor(wanted.getReplicationFactor()).setPlacement(wanted.getPlacement())
        .setPolicy(wanted.getPolicy()).setModRevision(context.revision()).setVersion(existing.getVersion() + 1)
        .build();
    Eligibility.requireEnough(updated, RegistryState.nodes(context));
    RegistryChanges changes = new RegistryChanges(context, "namespace.update", request.getChange());
    if (!updated.toBuilder().setModRevision(0).setVersion(0).build()
        .equals(existing.toBuilder().setModRevision(0).setVersion(0).build())) {
      changes.put(Optional.of(existing), updated);
    }
    return changes.finish();
  }

  /** Deletes the namespace and every shard of it, each recorded in the audit trail. */
  static AuditRecord delete(ApplyContext context, DeleteNamespaceRequest request) {
    Namespace existing = require(context, request.getName());
    RegistryChanges changes = new RegistryChanges(context, "namespace.delete", request.getChange());
    for (Shard shard : RegistryState.shards(context, existing.getName())) {
      changes.delete(shard);
    }
    changes.delete(existing);
    return changes.finish();
  }

  /** The namespace a mutation changes (or whose shards it changes): it must exist and be this cluster's own. */
  static Namespace require(ApplyContext context, String name) {
    Namespace ns = RegistryState.namespace(context, name).orElseThrow(() -> new CommandFailure(ErrorCode.NOT_FOUND,
        "namespace " + name + " not found; list namespaces with `meshctl ns list`"));
    ReplicaWrites.requireLocal("namespace " + name, ns.getReplicatedFrom());
    return ns;
  }
}
