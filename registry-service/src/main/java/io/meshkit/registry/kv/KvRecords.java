package io.meshkit.registry.kv;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.meshkit.proto.internal.v1.StoredKv;
import io.meshkit.proto.v1.KeyValue;
import io.meshkit.raft.StoreException;
import java.util.Optional;

/** Conversions between the stored record of a key and the API's {@link KeyValue}. */
final class KvRecords {
  private KvRecords() {}

  static StoredKv parse(byte[] raw) {
    try {
      return StoredKv.parseFrom(raw);
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException("corrupt KV record", e);
    }
  }

  static Optional<StoredKv> parse(Optional<byte[]> raw) {
    return raw.map(KvRecords::parse);
  }

  static KeyValue toKeyValue(byte[] key, StoredKv stored, boolean keysOnly) {
    KeyValue.Builder kv = KeyValue.newBuilder().setKey(ByteString.copyFrom(key))
        .setCreateRevision(stored.getCreateRevision()).setModRevision(stored.getModRevision())
        .setVersion(stored.getVersion()).setLease(stored.getLease());
    if (!keysOnly) {
      kv.setValue(stored.getValue());
    }
    return kv.build();
  }
}
