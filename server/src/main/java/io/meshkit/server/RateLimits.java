package io.meshkit.server;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A {@link TokenBucket} per identity, so that one busy or misbehaving client cannot starve the others.
 * Memory is bounded: a bucket that has refilled completely is dropped (a new one would be the same),
 * and beyond {@code maxIdentities} the least recently seen identity is forgotten — which at worst gives
 * it a fresh burst. Thread-safe: every method holds the instance's lock for a few map operations.
 */
final class RateLimits {
  /** How many identities are tracked at most. */
  static final int DEFAULT_MAX_IDENTITIES = 10_000;

  private volatile RateLimit limit;
  private final int maxIdentities;
  private final LongSupplier nanoClock;
  /** In access order: the first entry is the identity seen least recently. */
  private final LinkedHashMap<String, TokenBucket> buckets = new LinkedHashMap<>(16, 0.75f, true);

  /**
   * @param limit the allowance of every identity; {@link RateLimit#off()} admits everything
   * @param nanoClock monotonic nanoseconds ({@code System::nanoTime}, or a test's clock)
   */
  RateLimits(RateLimit limit, int maxIdentities, LongSupplier nanoClock) {
    this.limit = limit;
    this.maxIdentities = maxIdentities;
    this.nanoClock = nanoClock;
  }

  /** Replaces the allowance (a config reload): every identity starts again with a full bucket. */
  synchronized void update(RateLimit next) {
    limit = next;
    buckets.clear();
  }

  /** Whether any request can be refused. */
  boolean enabled() {
    return !limit.unlimited();
  }

  /**
   * Takes one request's token from {@code identity}'s bucket.
   *
   * @return 0 when the request is admitted, else how many milliseconds until it would be (at least 1)
   */
  synchronized long admit(String identity) {
    if (!enabled()) {
      return 0;
    }
    long now = nanoClock.getAsLong();
    TokenBucket bucket = buckets.get(identity);
    if (bucket == null) {
      forgetFull(now);
      if (buckets.size() >= maxIdentities) {
        Iterator<String> eldest = buckets.keySet().iterator();
        eldest.next();
        eldest.remove();
      }
      bucket = new TokenBucket(limit.requestsPerSecond(), limit.burst(), now);
      buckets.put(identity, bucket);
    }
    long waitNanos = bucket.take(now);
    return waitNanos == 0 ? 0 : Math.max(1, (waitNanos + 999_999) / 1_000_000);
  }

  /** How many identities have a bucket now. */
  synchronized int tracked() {
    return buckets.size();
  }

  /** Drops the buckets that are full again, oldest first, stopping at the first that is not. */
  private void forgetFull(long now) {
    Iterator<Map.Entry<String, TokenBucket>> it = buckets.entrySet().iterator();
    while (it.hasNext() && it.next().getValue().fullAt(now)) {
      it.remove();
    }
  }
}
