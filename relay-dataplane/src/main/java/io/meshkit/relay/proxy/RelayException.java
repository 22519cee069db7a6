package io.meshkit.relay.proxy;

/** A request the relay answers itself: the HTTP status, what went wrong, and the fix. */
public final class RelayException extends RuntimeException {
  private final int status;
  private final String hint;

  public RelayException(int status, String message, String hint) {
    super(message, null, false, false);
    this.status = status;
    this.hint = hint;
  }

  public int status() {
    return status;
  }

  public String hint() {
    return hint;
  }
}
