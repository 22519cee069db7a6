package io.meshkit.rebalancer.state;

import com.google.protobuf.ByteString;
import io.meshkit.proto.v1.Event;
import io.meshkit.proto.v1.KeyValue;
import io.meshkit.proto.v1.NamespaceRebalance;
import io.meshkit.proto.v1.RebalancePlan;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.Table;

/**
 * Writes of the rebalance table: each stores the record with this entry's revision as its
 * {@code mod_revision} and emits its watch event, so a watcher sees every version. Apply thread only.
 */
final class RebalanceRecords {
  private RebalanceRecords() {}

  static RebalancePlan put(ApplyContext context, RebalancePlan plan) {
    RebalancePlan stored = plan.toBuilder().setModRevision(context.revision()).build();
    write(context, RebalanceKeys.plan(stored.getNamespace(), stored.getId()), stored.toByteString(),
        stored.getId());
    return stored;
  }

  static NamespaceRebalance put(ApplyContext context, NamespaceRebalance state) {
    NamespaceRebalance stored = state.toBuilder().setModRevision(context.revision()).build();
    write(context, RebalanceKeys.namespace(stored.getNamespace()), stored.toByteString(), 0);
    return stored;
  }

  private static void write(ApplyContext context, byte[] key, ByteString value, long createRevision) {
    context.put(Table.REBALANCE, key, value.toByteArray());
    context.emit(Table.REBALANCE, Event.newBuilder().setType(Event.EventType.PUT).setKv(KeyValue.newBuilder()
        .setKey(ByteString.copyFrom(key)).setValue(value).setCreateRevision(createRevision)
        .setModRevision(context.revision())).build());
  }
}
