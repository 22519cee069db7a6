package io.meshkit.relay.proxy;

/**
 * A request the relay answers itself: the HTTP status, what went wrong, and the fix; for a 503, how
 * many seconds the client should wait before trying again ({@code Retry-After}).
 */
public final class RelayException extends RuntimeException {
  private final int status;
  private final String hint;
  private final int retryAfterSeconds;

  public RelayException(int status, String message, String hint) {
    this(status, message, hint, 1);
  }

  public RelayException(int status, String message, String hint, int retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.hint = hint;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  public String hint() {
    return hint;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
