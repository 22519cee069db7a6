package io.meshkit.cli;

/**
 * A failure meshctl finds itself in an answer that the server gave without error: a lease that is
 * gone, a candidacy that is not elected, leadership lost while holding it. Reported like a server
 * refusal (exit {@link ExitCodes#REFUSED}): {@code Error:} with the message, {@code Hint:} when
 * there is one.
 */
final class CommandFailedException extends RuntimeException {
  private final String hint;

  CommandFailedException(String message, String hint) {
    super(message);
    this.hint = hint == null ? "" : hint;
  }

  /** What the user can do about it; empty when nothing useful can be said. */
  String hint() {
    return hint;
  }
}
