package io.meshkit.federation.replication;

import com.google.protobuf.InvalidProtocolBufferException;
import io.meshkit.proto.v1.ReplicationCheckpoint;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.KeyValueReader;
import io.meshkit.raft.StoreException;
import io.meshkit.raft.Table;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Replication checkpoints in the {@link Table#FEDERATION} table: {@code checkpoint/<source>} →
 * {@link ReplicationCheckpoint}. Stored on disk: never change the keys.
 */
public final class Checkpoints {
  private static final String PREFIX = "checkpoint/";

  private Checkpoints() {}

  public static Optional<ReplicationCheckpoint> read(KeyValueReader state, String source) {
    return state.get(Table.FEDERATION, key(source)).map(v -> {
      try {
        return ReplicationCheckpoint.parseFrom(v);
      } catch (InvalidProtocolBufferException e) {
        throw new StoreException("unreadable replication checkpoint of " + source, e);
      }
    });
  }

  static void write(ApplyContext context, ReplicationCheckpoint checkpoint) {
    context.put(Table.FEDERATION, key(checkpoint.getSource()), checkpoint.toByteArray());
  }

  /** Forgets the checkpoint (a promoted cluster no longer replicates from its old primary). */
  public static void delete(ApplyContext context, String source) {
    context.delete(Table.FEDERATION, key(source));
  }

  private static byte[] key(String source) {
    return (PREFIX + source).getBytes(StandardCharsets.UTF_8);
  }
}
