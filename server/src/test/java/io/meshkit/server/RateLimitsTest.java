package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.raft.edge.Caller;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket's arithmetic and the per-identity table, on a clock the test moves. */
class RateLimitsTest {
  private static final long MS = 1_000_000;
  private final AtomicLong now = new AtomicLong(1_000 * MS);

  @Test
  void aBucketAdmitsItsBurstThenOneRequestPerRefill() {
    TokenBucket bucket = new TokenBucket(10, 3, now.get());
    for (int i = 0; i < 3; i++) {
      assertEquals(0, bucket.take(now.get()), "the burst is admitted at once");
    }
    assertEquals(100 * MS, bucket.take(now.get()), "at 10/s the next token is 100 ms away");
    now.addAndGet(40 * MS);
    assertEquals(60 * MS, bucket.take(now.get()), "a refused request takes nothing");
    now.addAndGet(60 * MS);
    assertEquals(0, bucket.take(now.get()));
    assertTrue(bucket.take(now.get()) > 0);
    now.addAndGet(10_000 * MS);
    for (int i = 0; i < 3; i++) {
      assertEquals(0, bucket.take(now.get()), "an idle bucket refills to its burst, no further");
    }
    assertTrue(bucket.take(now.get()) > 0);
  }

  @Test
  void aBucketIsFullAgainOnceBurstOverRateHasPassed() {
    TokenBucket bucket = new TokenBucket(2, 4, now.get());
    assertTrue(bucket.fullAt(now.get()));
    bucket.take(now.get());
    bucket.take(now.get());
    assertTrue(!bucket.fullAt(now.get() + 999 * MS));
    assertTrue(bucket.fullAt(now.get() + 1_000 * MS));
    assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 0.5, 0));
  }

  @Test
  void identitiesHaveTheirOwnBucketsAndWaitsAreRoundedUpToMilliseconds() {
    RateLimits limits = new RateLimits(new RateLimit(3.0, 1), 100, now::get);
    assertEquals(0, limits.admit("alice"));
    assertEquals(334, limits.admit("alice"), "1/3 s, rounded up");
    assertEquals(0, limits.admit("bob"), "bob is not slowed down by alice");
    now.addAndGet(334 * MS);
    assertEquals(0, limits.admit("alice"));
  }

  @Test
  void offAdmitsEverything() {
    RateLimits limits = new RateLimits(RateLimit.off(), 100, now::get);
    for (int i = 0; i < 1_000; i++) {
      assertEquals(0, limits.admit("alice"));
    }
    assertEquals(0, limits.tracked(), "no bucket is kept when there is no limit");
  }

  @Test
  void bucketsAreBoundedAndRefilledOnesAreForgotten() {
    RateLimits limits = new RateLimits(new RateLimit(1.0, 1), 3, now::get);
    for (int i = 0; i < 10; i++) {
      limits.admit("id-" + i);
    }
    assertEquals(3, limits.tracked(), "never more than maxIdentities buckets");
    assertEquals(0, limits.admit("id-0"), "the forgotten (least recently seen) identity starts afresh");
    now.addAndGet(1_000 * MS);
    limits.admit("new");
    assertEquals(1, limits.tracked(), "buckets that refilled completely are dropped");
  }

  @Test
  void anonymousCallersShareABucketPerHostWhateverTheirPort() {
    assertEquals(RateLimitInterceptor.identity(Caller.anonymous("10.0.0.7:5123")),
        RateLimitInterceptor.identity(Caller.anonymous("10.0.0.7:6001")));
    assertTrue(!RateLimitInterceptor.identity(Caller.anonymous("10.0.0.7:5123"))
        .equals(RateLimitInterceptor.identity(Caller.anonymous("10.0.0.8:5123"))));
    assertEquals("anonymous@[::1]", RateLimitInterceptor.identity(Caller.anonymous("[::1]:5000")));
    Caller alice = new Caller("alice", List.of(), Caller.Kind.CERTIFICATE, "10.0.0.7:5123");
    assertEquals("certificate:alice", RateLimitInterceptor.identity(alice));
  }
}
