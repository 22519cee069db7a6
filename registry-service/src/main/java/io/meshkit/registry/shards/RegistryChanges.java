package io.meshkit.registry.shards;

import com.google.protobuf.ByteString;
import io.meshkit.proto.v1.AuditChange;
import io.meshkit.proto.v1.AuditRecord;
import io.meshkit.proto.v1.ChangeInfo;
import io.meshkit.proto.v1.ClusterDescriptor;
import io.meshkit.proto.v1.Event;
import io.meshkit.proto.v1.KeyValue;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegistryObject;
import io.meshkit.proto.v1.Shard;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.Table;
import java.util.Optional;

/**
 * The writes of one registry mutation: each put or delete stores the record, emits its watch event
 * and adds a before → after change to the entry's audit record, so the three never disagree.
 * {@link #finish} writes the audit record (when anything changed). Apply thread only.
 */
final class RegistryChanges {
  private final ApplyContext context;
  private final AuditRecord.Builder audit;

  RegistryChanges(ApplyContext context, String action, ChangeInfo change) {
    this.context = context;
    this.audit = AuditRecord.newBuilder().setRevision(context.revision())
        .setApplyTimeUnixMs(context.applyTimeMillis()).setAction(action)
        .setActor(change.getActor().isEmpty() ? "unknown" : change.getActor())
        .setReason(change.getReason()).setChangeTicket(change.getChangeTicket());
  }

  ApplyContext context() {
    return context;
  }

  void put(Optional<Namespace> before, Namespace after) {
    write(RegistryKeys.namespace(after.getName()), "namespace/" + after.getName(),
        before.map(RegistryChanges::wrap), wrap(after), after.toByteString(), after.getCreateRevision(),
        after.getVersion());
  }

  void put(Optional<Shard> before, Shard after) {
    write(RegistryKeys.shard(after.getNamespace(), after.getShardId()), target(after), before.map(RegistryChanges::wrap),
        wrap(after), after.toByteString(), after.getCreateRevision(), after.getVersion());
  }

  void put(Optional<Node> before, Node after) {
    write(RegistryKeys.node(after.getId()), "node/" + after.getId(), before.map(RegistryChanges::wrap), wrap(after),
        after.toByteString(), after.getRegisteredRevision(), after.getVersion());
  }

  void put(Optional<ClusterDescriptor> before, ClusterDescriptor after) {
    write(RegistryKeys.cluster(after.getId()), "cluster/" + after.getId(), before.map(RegistryChanges::wrap),
        wrap(after), after.toByteString(), after.getCreateRevision(), after.getVersion());
  }

  void delete(Namespace before) {
    remove(RegistryKeys.namespace(before.getName()), "namespace/" + before.getName(), wrap(before),
        before.toByteString());
  }

  void delete(Shard before) {
    remove(RegistryKeys.shard(before.getNamespace(), before.getShardId()), target(before), wrap(before),
        before.toByteString());
  }

  void delete(Node before) {
    remove(RegistryKeys.node(before.getId()), "node/" + before.getId(), wrap(before), before.toByteString());
  }

  static String target(Shard shard) {
    return "shard/" + shard.getNamespace() + "/" + shard.getShardId();
  }

  private void write(byte[] key, String target, Optional<RegistryObject> before, RegistryObject after,
      ByteString value, long createRevision, long version) {
    context.put(Table.REGISTRY, key, value.toByteArray());
    KeyValue kv = KeyValue.newBuilder().setKey(ByteString.copyFrom(key)).setValue(value)
        .setCreateRevision(createRevision).setModRevision(context.revision()).setVersion(version).build();
    context.emit(Table.REGISTRY, Event.newBuilder().setType(Event.EventType.PUT).setKv(kv).build());
    AuditChange.Builder change = AuditChange.newBuilder().setTarget(target).setAfter(after);
    before.ifPresent(change::setBefore);
    audit.addChanges(change);
  }

  private void remove(byte[] key, String target, RegistryObject before, ByteString value) {
    context.delete(Table.REGISTRY, key);
    ByteString k = ByteString.copyFrom(key);
    context.emit(Table.REGISTRY, Event.newBuilder().setType(Event.EventType.DELETE)
        .setKv(KeyValue.newBuilder().setKey(k).setModRevision(context.revision()))
        .setPrevKv(KeyValue.newBuilder().setKey(k).setValue(value)).build());
    audit.addChanges(AuditChange.newBuilder().setTarget(target).setBefore(before));
  }

  /** Writes the audit record if anything changed; returns it (with no changes for a no-op). */
  AuditRecord finish() {
    AuditRecord record = audit.build();
    if (record.getChangesCount() > 0) {
      context.put(Table.AUDIT, RegistryKeys.audit(context.revision()), record.toByteArray());
    }
    return record;
  }

  static RegistryObject wrap(Namespace namespace) {
    return RegistryObject.newBuilder().setNamespace(namespace).build();
  }

  static RegistryObject wrap(Shard shard) {
    return RegistryObject.newBuilder().setShard(shard).build();
  }

  static RegistryObject wrap(Node node) {
    return RegistryObject.newBuilder().setNode(node).build();
  }

  static RegistryObject wrap(ClusterDescriptor cluster) {
    return RegistryObject.newBuilder().setCluster(cluster).build();
  }
}
