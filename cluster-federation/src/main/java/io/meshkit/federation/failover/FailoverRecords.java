package io.meshkit.federation.failover;

import com.google.protobuf.InvalidProtocolBufferException;
import io.meshkit.proto.v1.FailoverRecord;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.Bytes;
import io.meshkit.raft.KeyValueReader;
import io.meshkit.raft.StoreException;
import io.meshkit.raft.Table;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Failovers this cluster was promoted by, in the {@link io.meshkit.raft.Table#FEDERATION} table:
 * {@code failover/<revision, 8 bytes>} → {@link FailoverRecord}. Stored on disk: never change the keys.
 */
public final class FailoverRecords {
  private static final byte[] PREFIX = "failover/".getBytes(StandardCharsets.UTF_8);

  private FailoverRecords() {}

  static void write(ApplyContext context, FailoverRecord record) {
    byte[] revision = Bytes.longKey(record.getRevision());
    byte[] key = Arrays.copyOf(PREFIX, PREFIX.length + revision.length);
    System.arraycopy(revision, 0, key, PREFIX.length, revision.length);
    context.put(Table.FEDERATION, key, record.toByteArray());
  }

  /** The newest failover recorded here. */
  public static Optional<FailoverRecord> latest(KeyValueReader state) {
    byte[][] last = new byte[1][];
    state.scan(Table.FEDERATION, PREFIX, Bytes.prefixEnd(PREFIX), (key, value) -> {
      last[0] = value;  // few: one per failover
      return true;
    });
    return Optional.ofNullable(last[0]).map(v -> {
      try {
        return FailoverRecord.parseFrom(v);
      } catch (InvalidProtocolBufferException e) {
        throw new StoreException("unreadable failover record", e);
      }
    });
  }
}
