package io.meshkit.jepsen.leadership;

/**
 * One client's claim to lead a scope, as the client itself saw it: from the moment its campaign
 * returned elected (with {@code token}) until the moment its lease could last be relied on — the
 * send time of its last acknowledged keepalive plus the TTL (the client's {@code validUntil}).
 * Times are one monotonic clock (the test JVM's nanoTime).
 */
public record Tenure(String scope, String client, long token, long fromNanos, long untilNanos) {
  public Tenure {
    if (untilNanos < fromNanos) {
      throw new IllegalArgumentException("a tenure ends after it starts: " + fromNanos + " > " + untilNanos);
    }
  }
}
