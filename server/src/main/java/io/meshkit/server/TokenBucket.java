package io.meshkit.server;

/**
 * One identity's allowance: holds up to {@code burst} tokens, refilled at {@code perSecond}; each admitted
 * request takes one. Pure arithmetic on the times it is given (nanoseconds from one monotonic clock), so
 * tests drive it with a fake clock. Not thread-safe: {@link RateLimits} calls it under its lock.
 */
final class TokenBucket {
  private static final double NANOS_PER_SECOND = 1e9;

  private final double perSecond;
  private final double burst;
  private double tokens;
  private long refilledAt;

  /** A full bucket at {@code now}. Both rates must be positive. */
  TokenBucket(double perSecond, double burst, long now) {
    if (!(perSecond > 0) || !(burst >= 1)) {
      throw new IllegalArgumentException("a token bucket needs a positive rate and a burst of at least 1");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.tokens = burst;
    this.refilledAt = now;
  }

  /**
   * Takes a token if one is there at {@code now}.
   *
   * @return 0 when admitted, else the nanoseconds until a token will be there (at least 1)
   */
  long take(long now) {
    refill(now);
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond * NANOS_PER_SECOND));
  }

  /** Whether the bucket is full again at {@code now}: forgetting it then changes nothing. */
  boolean fullAt(long now) {
    return tokens + Math.max(0, now - refilledAt) / NANOS_PER_SECOND * perSecond >= burst;
  }

  private void refill(long now) {
    long elapsed = now - refilledAt;
    if (elapsed > 0) {
      tokens = Math.min(burst, tokens + elapsed / NANOS_PER_SECOND * perSecond);
      refilledAt = now;
    }
  }
}
