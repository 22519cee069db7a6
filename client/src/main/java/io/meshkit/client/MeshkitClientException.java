package io.meshkit.client;

import io.grpc.Metadata;
import io.grpc.Status;
import io.meshkit.proto.ErrorCodes;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.ErrorDetail;
import java.net.ConnectException;
import java.util.EnumSet;
import java.util.Set;

/**
 * A failed MeshKit call: the server's {@link ErrorCode}, message and hint, and the endpoint that
 * answered last. {@link #outcomeUnknown()} tells a caller of a write whether the change may still
 * have been applied.
 */
public final class MeshkitClientException extends RuntimeException {
  private static final Set<ErrorCode> AVAILABILITY =
      EnumSet.of(ErrorCode.NO_LEADER, ErrorCode.UNAVAILABLE, ErrorCode.TIMEOUT);

  private final ErrorCode code;
  private final String hint;
  private final String endpoint;
  private final boolean notSent;

  MeshkitClientException(ErrorCode code, String message, String hint, String endpoint, boolean notSent,
      Throwable cause) {
    super(message, cause);
    this.code = code;
    this.hint = hint == null ? "" : hint;
    this.endpoint = endpoint;
    this.notSent = notSent;
  }

  /** Classifies a gRPC failure from {@code endpoint}. */
  static MeshkitClientException from(Throwable failure, String endpoint) {
    if (failure instanceof MeshkitClientException mce) {
      return mce;
    }
    ErrorDetail detail = ErrorCodes.detailOf(failure);
    boolean notSent = neverReachedServer(failure);
    String hint = detail.getHint();
    if (hint.isEmpty() && notSent) {
      hint = "check that a member listens on " + endpoint + " and that --endpoints names the client ports";
    }
    String message = notSent ? "cannot connect to " + endpoint + ": " + connectFailure(failure) : detail.getMessage();
    return new MeshkitClientException(detail.getCode(), message, hint, endpoint, notSent, failure);
  }

  /**
   * True when the failure happened before the request left this process (the connection was
   * refused): the server cannot have seen it, so even a write is safe to send again.
   */
  private static boolean neverReachedServer(Throwable failure) {
    Metadata trailers = Status.trailersFromThrowable(failure);
    if (Status.fromThrowable(failure).getCode() != Status.Code.UNAVAILABLE
        || trailers != null && trailers.containsKey(ErrorCodes.DETAIL_KEY)) {
      return false;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }

  /** The socket-level reason ("Connection refused"), not gRPC's generic "io exception". */
  private static String connectFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException && t.getMessage() != null) {
        String m = t.getMessage();
        int colon = m.indexOf(": ");
        return colon > 0 ? m.substring(0, colon) : m;
      }
    }
    return ErrorCodes.detailOf(failure).getMessage();
  }

  /** True when a member (not the transport) reported this failure with a MeshKit detail. */
  boolean fromServer() {
    return serverDetail() != null;
  }

  /** The MeshKit detail a member sent with this failure; null when the transport failed it. */
  private ErrorDetail serverDetail() {
    Metadata trailers = getCause() == null ? null : Status.trailersFromThrowable(getCause());
    return trailers == null ? null : trailers.get(ErrorCodes.DETAIL_KEY);
  }

  /**
   * How long the member asked to wait before sending again ({@link ErrorCode#RATE_LIMITED}); zero when
   * it did not say.
   */
  public java.time.Duration retryAfter() {
    ErrorDetail detail = serverDetail();
    return java.time.Duration.ofMillis(detail == null ? 0 : Math.max(0, detail.getRetryAfterMs()));
  }

  /** The same failure with the caller's stack (the original, from a gRPC thread, is the cause). */
  MeshkitClientException rethrownHere() {
    return new MeshkitClientException(code, getMessage(), hint, endpoint, notSent, this);
  }

  public ErrorCode code() {
    return code;
  }

  /** What the caller can do about it; empty when the server gave no hint. */
  public String hint() {
    return hint;
  }

  /** The endpoint of the last attempt, {@code host:port}. */
  public String endpoint() {
    return endpoint;
  }

  /** The proto declares the code retriable: the same request may succeed later. */
  public boolean isRetriable() {
    return ErrorCodes.isRetriable(code);
  }

  /** The cluster could not serve the call (no member reachable, no leader, no quorum in time). */
  public boolean isClusterUnavailable() {
    return AVAILABILITY.contains(code);
  }

  /** The request never reached a member, so it had no effect. */
  public boolean notSent() {
    return notSent;
  }

  /**
   * The request certainly changed nothing: it never reached a member, or a member refused it with a
   * definite answer (the opposite of {@link #outcomeUnknown()}).
   */
  public boolean hadNoEffect() {
    return notSent || !outcomeUnknown();
  }

  /**
   * For writes: the change may or may not have been applied (the request reached a member but no
   * answer came back, or the member lost its leader mid-way). Read before retrying.
   */
  public boolean outcomeUnknown() {
    return !notSent && (code == ErrorCode.TIMEOUT || code == ErrorCode.UNAVAILABLE || code == ErrorCode.NO_LEADER
        || code == ErrorCode.INTERNAL);
  }
}
