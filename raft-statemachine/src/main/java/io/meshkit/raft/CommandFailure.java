package io.meshkit.raft;

import io.meshkit.proto.v1.ErrorCode;

/**
 * Thrown inside a handler's apply to end the command with a business failure (not found, fenced,
 * already exists): the {@link CommandDispatcher} turns it into a result with that code, so the
 * entry's writes are discarded on every replica alike. Any other exception is an internal failure.
 */
public final class CommandFailure extends RuntimeException {
  private final ErrorCode code;

  public CommandFailure(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
