package io.meshkit.access.bootstrap;

import com.google.protobuf.InvalidProtocolBufferException;
import io.meshkit.proto.internal.v1.StoredJoinToken;
import io.meshkit.proto.v1.JoinToken;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.KeyValueReader;
import io.meshkit.raft.StoreException;
import io.meshkit.raft.Table;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where join tokens live: {@code join/<id>} in {@link Table#ACCESS} → {@link StoredJoinToken}. Read
 * the same way inside apply and from a read view.
 */
final class JoinTokenRecords {
  private static final String PREFIX = "join/";
  /** The first key after every {@code join/...} key ('/' + 1). */
  private static final byte[] END = "join0".getBytes(StandardCharsets.UTF_8);

  private JoinTokenRecords() {}

  static byte[] key(String id) {
    return (PREFIX + id).getBytes(StandardCharsets.UTF_8);
  }

  static Optional<StoredJoinToken> get(KeyValueReader reader, String id) {
    return reader.get(Table.ACCESS, key(id)).map(JoinTokenRecords::parse);
  }

  static void put(ApplyContext context, StoredJoinToken stored) {
    context.put(Table.ACCESS, key(stored.getToken().getId()), stored.toByteArray());
  }

  /** Every join token, in id order, without secret hashes. */
  static List<JoinToken> list(KeyValueReader reader) {
    List<JoinToken> tokens = new ArrayList<>();
    reader.scan(Table.ACCESS, key(""), END, (k, v) -> tokens.add(parse(v).getToken()) || true);
    return tokens;
  }

  private static StoredJoinToken parse(byte[] bytes) {
    try {
      return StoredJoinToken.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException("unreadable join token record: " + e.getMessage());
    }
  }
}
