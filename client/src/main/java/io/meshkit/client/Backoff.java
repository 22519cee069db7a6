package io.meshkit.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of
 * {@code min(max, initial * 2^n)}, so clients that failed together do not retry together.
 */
record Backoff(Duration initial, Duration max) {
  static final Backoff DEFAULT = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1));

  Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
    }
  }

  /** Nanoseconds to wait before attempt {@code attempt} (the first retry is attempt 1). */
  long delayNanos(int attempt) {
    long cap = max.toNanos();
    long ceiling = initial.toNanos();
    for (int i = 1; i < attempt && ceiling < cap; i++) {
      ceiling *= 2;
    }
    ceiling = Math.min(ceiling, cap);
    long half = ceiling / 2;
    return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
  }
}
