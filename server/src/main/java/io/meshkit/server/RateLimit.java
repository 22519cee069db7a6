package io.meshkit.server;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Config {@code rateLimit}: how many requests each identity (a client certificate's name; anonymous
 * clients by their remote host) may start per second on this member, with bursts of up to {@code burst}.
 * Off by default ({@code requestsPerSecond: 0}): a member cannot know its workload, and a limit that
 * is too low fails healthy clients; set it from what the clients really send.
 *
 * @param requestsPerSecond sustained requests per second per identity; 0 = unlimited
 * @param burst how many requests an idle identity may send at once; default: {@code requestsPerSecond}
 *     rounded up (at least 1)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RateLimit(Double requestsPerSecond, Integer burst) {
  private static final RateLimit UNLIMITED = new RateLimit(0.0, 0);

  /** No limit. */
  public static RateLimit off() {
    return UNLIMITED;
  }

  /** Whether this limit refuses nothing. */
  public boolean unlimited() {
    return requestsPerSecond == null || requestsPerSecond == 0;
  }

  /** Checks the config and fills the default burst; the message of a failure names the field and the fix. */
  RateLimit validate() throws ConfigException {
    if (requestsPerSecond != null && !(requestsPerSecond >= 0 && requestsPerSecond < Double.POSITIVE_INFINITY)) {
      throw new ConfigException("rateLimit.requestsPerSecond must be 0 (unlimited) or positive, got "
          + requestsPerSecond);
    }
    if (burst != null && burst < 1) {
      throw new ConfigException("rateLimit.burst must be at least 1, got " + burst
          + ": leave it out for the default (requestsPerSecond)");
    }
    if (unlimited()) {
      return UNLIMITED;
    }
    return new RateLimit(requestsPerSecond, burst != null ? burst : (int) Math.max(1, Math.ceil(requestsPerSecond)));
  }
}
