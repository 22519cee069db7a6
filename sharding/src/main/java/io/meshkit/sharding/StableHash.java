package io.meshkit.sharding;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;

/**
 * The hash every mapping is built on: the first 64 bits (little-endian) of MurmurHash3 x64 128
 * with seed 0, over UTF-8 bytes, and a SplitMix64 finalizer to derive per-bucket scores from one
 * key hash. Part of the on-the-wire contract: changing anything here remaps keys, which the golden
 * vectors in the tests catch.
 */
final class StableHash {
  private static final HashFunction MURMUR3 = Hashing.murmur3_128(0);
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private StableHash() {}

  static long of(String text) {
    return MURMUR3.hashBytes(text.getBytes(StandardCharsets.UTF_8)).asLong();
  }

  /** A well-mixed 64-bit value for bucket {@code bucket} of an item whose hash is {@code itemHash}. */
  static long combine(long itemHash, long bucket) {
    long z = itemHash + GOLDEN_GAMMA * (bucket + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** {@code h} as a double strictly inside (0, 1): its top 53 bits plus one half. */
  static double unitInterval(long h) {
    return ((h >>> 11) + 0.5) * 0x1.0p-53;
  }
}
