package io.meshkit.registry.kv;

import com.google.protobuf.ByteString;
import io.meshkit.proto.internal.v1.StoredKv;
import io.meshkit.proto.v1.Compare;
import io.meshkit.raft.KeyValueReader;
import io.meshkit.raft.Table;
import java.util.Optional;

/**
 * Evaluates one transaction compare. A missing key has version, create and mod revision 0; a VALUE
 * compare against a missing key is false whatever the operator (as in etcd).
 */
final class TxnCompare {
  private TxnCompare() {}

  static boolean holds(KeyValueReader reader, Compare compare) {
    Optional<StoredKv> stored = KvRecords.parse(reader.get(Table.KV, compare.getKey().toByteArray()));
    int order;
    switch (compare.getTarget()) {
      case VERSION -> order = Long.compare(stored.map(StoredKv::getVersion).orElse(0L), compare.getVersion());
      case CREATE -> order = Long.compare(stored.map(StoredKv::getCreateRevision).orElse(0L),
          compare.getCreateRevision());
      case MOD -> order = Long.compare(stored.map(StoredKv::getModRevision).orElse(0L), compare.getModRevision());
      case VALUE -> {
        if (stored.isEmpty()) {
          return false;
        }
        order = compareBytes(stored.get().getValue(), compare.getValue());
      }
      default -> {
        return false;
      }
    }
    return switch (compare.getResult()) {
      case EQUAL -> order == 0;
      case NOT_EQUAL -> order != 0;
      case GREATER -> order > 0;
      case LESS -> order < 0;
      default -> false;
    };
  }

  private static int compareBytes(ByteString a, ByteString b) {
    return ByteString.unsignedLexicographicalComparator().compare(a, b);
  }
}
