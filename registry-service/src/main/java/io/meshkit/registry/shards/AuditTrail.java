package io.meshkit.registry.shards;

import io.meshkit.proto.v1.AuditChange;
import io.meshkit.proto.v1.AuditRecord;
import io.meshkit.proto.v1.DiffResponse;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.ListAuditResponse;
import io.meshkit.proto.v1.RegistryObject;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.ShardChange;
import io.meshkit.raft.KeyValueReader;
import io.meshkit.raft.MeshException;
import io.meshkit.raft.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads of the audit table: the record list, and the diff between two revisions, which is derived
 * from the same records — so a diff always agrees with the audit trail (and with the watch, which
 * carries the same changes). The trail is kept whole; it is not compacted with the watch history.
 */
final class AuditTrail {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private AuditTrail() {}

  /**
   * One page of records after {@code fromRevision} touching a target under {@code prefix}, oldest
   * first, each with only its changes under the prefix (creating 64 shards is one record, but the
   * history of one shard shows one change); {@code next_from_revision} continues it (0 when this was
   * the last page).
   */
  static ListAuditResponse page(KeyValueReader view, long fromRevision, int limit, String prefix) {
    int max = limit <= 0 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
    List<AuditRecord> records = new ArrayList<>();
    visit(view, fromRevision, Long.MAX_VALUE, record -> {
      if (prefix.isEmpty()) {
        records.add(record);
      } else if (record.getChangesList().stream().anyMatch(c -> selects(prefix, c.getTarget()))) {
        List<AuditChange> matching = record.getChangesList().stream().filter(c -> selects(prefix, c.getTarget()))
            .toList();
        records.add(record.toBuilder().clearChanges().addAllChanges(matching).build());
      }
    }, r -> records.size() < max);
    return ListAuditResponse.newBuilder().addAllRecords(records)
        .setNextFromRevision(records.size() < max ? 0 : records.get(records.size() - 1).getRevision()).build();
  }

  /**
   * Whether {@code filter} selects {@code target}: the target itself or anything under it, by whole
   * path segments — "shard/orders/3" is shard 3 only (not 30), "shard/orders" every shard of orders.
   */
  static boolean selects(String filter, String target) {
    if (filter.isEmpty()) {
      return true;
    }
    String under = filter.endsWith("/") ? filter : filter + "/";
    return target.equals(filter) || target.startsWith(under);
  }

  /**
   * Shards whose owner or status differs between {@code from} and {@code to} (inclusive of changes
   * at {@code to}): per shard, the state before its first change after {@code from} and after its
   * last change up to {@code to}.
   */
  static DiffResponse diff(KeyValueReader view, long from, long to, String namespace) {
    long current = view.revision();
    long upTo = to == 0 ? current : to;
    if (from < 0 || upTo < from) {
      throw new MeshException(ErrorCode.INVALID_ARGUMENT, "diff from revision " + from + " to " + upTo
          + " is not a range", "give 0 <= --from <= --to (0 = now)");
    }
    if (upTo > current) {
      throw new MeshException(ErrorCode.FUTURE_REVISION, "revision " + upTo + " is ahead of this member's "
          + current, "wait for it, or diff up to the current revision (--to 0)");
    }
    String prefix = "shard/" + (namespace.isEmpty() ? "" : namespace + "/");
    Map<String, ShardChange.Builder> byTarget = new LinkedHashMap<>();
    visit(view, from, upTo, record -> {
      for (AuditChange change : record.getChangesList()) {
        if (change.getTarget().startsWith(prefix)) {
          ShardChange.Builder b = byTarget.computeIfAbsent(change.getTarget(), t -> first(change));
          b.clearAfter();
          shardOf(change.getAfter()).ifPresent(b::setAfter);
        }
      }
    }, r -> true);
    DiffResponse.Builder response = DiffResponse.newBuilder().setFromRevision(from).setToRevision(upTo);
    byTarget.values().stream()
        .map(AuditTrail::classify)
        .filter(c -> c.getOwnerChanged() || c.getStatusChanged())
        .sorted(java.util.Comparator.comparing(ShardChange::getNamespace).thenComparingInt(ShardChange::getShardId))
        .forEach(response::addChanges);
    return response.build();
  }

  private static ShardChange.Builder first(AuditChange change) {
    Shard any = shardOf(change.getBefore()).or(() -> shardOf(change.getAfter())).orElseThrow();
    ShardChange.Builder b = ShardChange.newBuilder().setNamespace(any.getNamespace()).setShardId(any.getShardId());
    shardOf(change.getBefore()).ifPresent(b::setBefore);
    return b;
  }

  private static ShardChange classify(ShardChange.Builder b) {
    boolean created = !b.hasBefore();
    boolean deleted = !b.hasAfter();
    boolean existence = created != deleted;
    if (created && deleted) {
      return b.build();  // created and deleted in between: no difference
    }
    b.setOwnerChanged(existence || !b.getBefore().getOwner().equals(b.getAfter().getOwner()));
    b.setStatusChanged(existence || b.getBefore().getStatus() != b.getAfter().getStatus());
    return b.build();
  }

  private static java.util.Optional<Shard> shardOf(RegistryObject object) {
    return object.hasShard() ? java.util.Optional.of(object.getShard()) : java.util.Optional.empty();
  }

  /** Records with revision in (from, to], in order, while {@code more} holds. */
  private static void visit(KeyValueReader view, long from, long to, Consumer<AuditRecord> consumer,
      Predicate<AuditRecord> more) {
    byte[] end = to == Long.MAX_VALUE ? null : RegistryKeys.audit(to + 1);
    view.scan(Table.AUDIT, RegistryKeys.audit(from + 1), end, (key, value) -> {
      AuditRecord record = RegistryState.parse(AuditRecord.parser(), value);
      consumer.accept(record);
      return more.test(record);
    });
  }
}
