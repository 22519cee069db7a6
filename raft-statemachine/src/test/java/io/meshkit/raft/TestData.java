package io.meshkit.raft;

import com.google.protobuf.ByteString;
import io.meshkit.proto.internal.v1.StoredEvent;
import io.meshkit.proto.v1.Event;
import io.meshkit.proto.v1.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small helpers shared by the store and watch tests. */
final class TestData {
  private TestData() {}

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] b(int... unsigned) {
    byte[] out = new byte[unsigned.length];
    for (int i = 0; i < unsigned.length; i++) {
      out[i] = (byte) unsigned[i];
    }
    return out;
  }

  static String s(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static Event putEvent(String key, long revision) {
    return Event.newBuilder().setType(Event.EventType.PUT)
        .setKv(KeyValue.newBuilder().setKey(ByteString.copyFromUtf8(key)).setModRevision(revision)
            .setValue(ByteString.copyFromUtf8("v" + revision)))
        .build();
  }

  /**
   * Applies one entry the way the state machine does: puts each key into KV, emits one event per
   * key, commits. Returns the committed events (to hand to {@code WatchHub.publish}).
   */
  static List<StoredEvent> commitRevision(MeshStore store, long revision, String... keys) {
    EntryBatch batch = store.newBatch(1, revision, 1_000 + revision);
    for (String key : keys) {
      batch.put(Table.KV, b(key), b("v" + revision));
      batch.emit(Table.KV, putEvent(key, revision));
    }
    batch.commit();
    return List.copyOf(batch.events());
  }

  /** Every key of {@code table} visible through {@code reader}, in scan order, as strings. */
  static List<String> keys(KeyValueReader reader, Table table) {
    List<String> out = new ArrayList<>();
    reader.scan(table, null, null, (k, v) -> {
      out.add(s(k));
      return true;
    });
    return out;
  }
}
