package io.meshkit.raft;

import java.nio.ByteBuffer;

/** Keys of the events table: 8-byte big-endian revision, then 4-byte sequence within the entry. */
final class EventKeys {
  private EventKeys() {}

  static byte[] key(long revision, int sequence) {
    return ByteBuffer.allocate(12).putLong(revision).putInt(sequence).array();
  }

  static long revisionOf(byte[] key) {
    return ByteBuffer.wrap(key).getLong();
  }
}
