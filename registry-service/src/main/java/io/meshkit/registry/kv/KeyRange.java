package io.meshkit.registry.kv;

import com.google.protobuf.ByteString;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.raft.CommandRejectedException;

/**
 * A key selection in etcd's convention: {@code end} empty selects exactly {@code key}; {@code end}
 * equal to a single zero byte selects every key ≥ {@code key}; otherwise [key, end).
 *
 * @param toExclusive null when unbounded above (and for a single key)
 */
record KeyRange(byte[] key, byte[] toExclusive, boolean singleKey) {

  static KeyRange of(ByteString key, ByteString rangeEnd) {
    if (rangeEnd.isEmpty()) {
      return new KeyRange(key.toByteArray(), null, true);
    }
    if (rangeEnd.size() == 1 && rangeEnd.byteAt(0) == 0) {
      return new KeyRange(key.toByteArray(), null, false);
    }
    return new KeyRange(key.toByteArray(), rangeEnd.toByteArray(), false);
  }

  /** Rejects a selection that cannot match anything useful: an empty single key. */
  static void validate(ByteString key, ByteString rangeEnd, int maxKeyBytes) throws CommandRejectedException {
    if (key.isEmpty() && rangeEnd.isEmpty()) {
      throw new CommandRejectedException(ErrorCode.EMPTY_KEY, "key is empty",
          "give a key, or a range end (\\0 selects every key from key on)");
    }
    checkKeySize(key, maxKeyBytes);
    checkKeySize(rangeEnd, maxKeyBytes);
  }

  static void checkKeySize(ByteString key, int maxKeyBytes) throws CommandRejectedException {
    if (key.size() > maxKeyBytes) {
      throw new CommandRejectedException(ErrorCode.KEY_TOO_LARGE,
          "key is " + key.size() + " bytes, above the limit of " + maxKeyBytes + " bytes",
          "use shorter keys, or raise limits.maxKeyBytes on every server");
    }
  }
}
