package io.meshkit.client;

import com.google.protobuf.ByteString;

/**
 * The range ends of the KV API: a request covers {@code [key, rangeEnd)}; an empty end means the
 * single key, {@link #ALL_FROM} means every key from {@code key} on.
 */
public final class KeyRanges {
  /** Range end meaning "every key >= key". */
  public static final ByteString ALL_FROM = ByteString.copyFrom(new byte[] {0});

  private KeyRanges() {}

  /**
   * The range end that covers every key starting with {@code prefix}: the prefix with its last byte
   * below 0xff incremented and the rest dropped; {@link #ALL_FROM} for an empty or all-0xff prefix.
   */
  public static ByteString prefixEnd(ByteString prefix) {
    byte[] end = prefix.toByteArray();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xff) {
        end[i]++;
        return ByteString.copyFrom(end, 0, i + 1);
      }
    }
    return ALL_FROM;
  }
}
