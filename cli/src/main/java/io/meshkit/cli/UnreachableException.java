package io.meshkit.cli;

/**
 * A server meshctl talks to over HTTP (the relay's admin server) did not answer at all: refused,
 * unknown host, timed out. Reported like the cluster being unreachable (exit
 * {@link ExitCodes#UNAVAILABLE}): {@code Error:} with the message, {@code Hint:} with what to check.
 */
final class UnreachableException extends RuntimeException {
  private final String hint;

  UnreachableException(String message, String hint) {
    super(message);
    this.hint = hint;
  }

  String hint() {
    return hint;
  }
}
