package io.meshkit.raft;

import io.meshkit.proto.v1.ErrorCode;

/** A command refused before it entered the log: the client gets {@link #code()} and the hint. */
public final class CommandRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String hint;

  public CommandRejectedException(ErrorCode code, String message, String hint) {
    super(message);
    this.code = code;
    this.hint = hint == null ? "" : hint;
  }

  public ErrorCode code() {
    return code;
  }

  public String hint() {
    return hint;
  }
}
