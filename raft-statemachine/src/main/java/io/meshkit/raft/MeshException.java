package io.meshkit.raft;

import io.meshkit.proto.v1.ErrorCode;

/**
 * A failure a caller of {@link RaftNode} sees: a MeshKit {@link ErrorCode}, a message naming the
 * problem and a hint naming the fix. The gRPC edge turns it into a status with the same detail.
 */
public final class MeshException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String hint;

  public MeshException(ErrorCode code, String message, String hint) {
    super(message);
    this.code = code;
    this.hint = hint == null ? "" : hint;
  }

  public MeshException(ErrorCode code, String message, String hint, Throwable cause) {
    super(message, cause);
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
