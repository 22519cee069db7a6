package io.meshkit.raft;

import java.util.Arrays;
import java.util.Comparator;

/** Byte-string helpers shared by the store and its callers: unsigned order, ranges, fixed-width ints. */
public final class Bytes {
  /** Unsigned lexicographic order, the order RocksDB's default comparator keeps keys in. */
  public static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

  private Bytes() {}

  /** True when {@code key} lies in [from, toExclusive); a null bound is open. */
  public static boolean inRange(byte[] key, byte[] from, byte[] toExclusive) {
    return (from == null || ORDER.compare(key, from) >= 0)
        && (toExclusive == null || ORDER.compare(key, toExclusive) < 0);
  }

  /**
   * The smallest key greater than every key starting with {@code prefix}, or null when none exists
   * (an empty prefix or one made only of 0xFF bytes covers the whole keyspace).
   */
  public static byte[] prefixEnd(byte[] prefix) {
    byte[] end = Arrays.copyOf(prefix, prefix.length);
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    return null;
  }

  /** Big-endian encoding, so numeric order equals key order for non-negative values. */
  public static byte[] longKey(long value) {
    byte[] out = new byte[8];
    for (int i = 7; i >= 0; i--) {
      out[i] = (byte) value;
      value >>>= 8;
    }
    return out;
  }

  /** Inverse of {@link #longKey} over the first 8 bytes. */
  public static long readLong(byte[] bytes) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[i] & 0xFF);
    }
    return value;
  }
}
