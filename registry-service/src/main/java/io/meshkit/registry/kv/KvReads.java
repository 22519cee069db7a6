package io.meshkit.registry.kv;

import io.meshkit.proto.internal.v1.StoredKv;
import io.meshkit.proto.v1.RangeRequest;
import io.meshkit.proto.v1.RangeResponse;
import io.meshkit.raft.KeyValueReader;
import io.meshkit.raft.Table;

/**
 * Range queries over the KV table. Pure over a {@link KeyValueReader}: the same code serves client
 * reads (on a snapshot view) and reads inside a transaction (on the apply batch).
 */
final class KvReads {
  private KvReads() {}

  /** Evaluates {@code request}; the header is left for the caller to fill. */
  static RangeResponse range(KeyValueReader reader, RangeRequest request) {
    KeyRange range = KeyRange.of(request.getKey(), request.getRangeEnd());
    RangeResponse.Builder response = RangeResponse.newBuilder();
    if (range.singleKey()) {
      reader.get(Table.KV, range.key()).map(KvRecords::parse).ifPresent(stored -> {
        response.setCount(1);
        if (!request.getCountOnly()) {
          response.addKvs(KvRecords.toKeyValue(range.key(), stored, request.getKeysOnly()));
        }
      });
      return response.build();
    }
    long limit = request.getLimit();
    long[] count = {0};
    reader.scan(Table.KV, range.key(), range.toExclusive(), (key, value) -> {
      count[0]++;
      if (!request.getCountOnly() && (limit <= 0 || count[0] <= limit)) {
        StoredKv stored = KvRecords.parse(value);
        response.addKvs(KvRecords.toKeyValue(key, stored, request.getKeysOnly()));
      }
      return true;
    });
    return response.setCount(count[0]).setMore(limit > 0 && count[0] > limit).build();
  }
}
