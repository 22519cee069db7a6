package io.meshkit.proto;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.ErrorDetail;
import io.meshkit.proto.v1.Errors;
import java.util.EnumMap;
import java.util.Map;

/**
 * The one table between MeshKit's {@link ErrorCode} and gRPC {@link Status}, used by the server edge
 * to fail a call and by clients to recover the code. The detail travels in the trailer
 * {@link #DETAIL_KEY}; the status code alone is enough for foreign clients.
 */
public final class ErrorCodes {
  /** Trailer carrying the {@link ErrorDetail} of a failed call. */
  public static final Metadata.Key<ErrorDetail> DETAIL_KEY =
      ProtoUtils.keyForProto(ErrorDetail.getDefaultInstance());

  private static final Map<ErrorCode, Status.Code> TO_STATUS = new EnumMap<>(ErrorCode.class);

  static {
    TO_STATUS.put(ErrorCode.ERROR_CODE_UNSPECIFIED, Status.Code.UNKNOWN);
    TO_STATUS.put(ErrorCode.INVALID_ARGUMENT, Status.Code.INVALID_ARGUMENT);
    TO_STATUS.put(ErrorCode.KEY_TOO_LARGE, Status.Code.INVALID_ARGUMENT);
    TO_STATUS.put(ErrorCode.VALUE_TOO_LARGE, Status.Code.INVALID_ARGUMENT);
    TO_STATUS.put(ErrorCode.REQUEST_TOO_LARGE, Status.Code.INVALID_ARGUMENT);
    TO_STATUS.put(ErrorCode.TOO_MANY_TXN_OPS, Status.Code.INVALID_ARGUMENT);
    TO_STATUS.put(ErrorCode.DUPLICATE_KEY_IN_TXN, Status.Code.INVALID_ARGUMENT);
    TO_STATUS.put(ErrorCode.EMPTY_KEY, Status.Code.INVALID_ARGUMENT);
    TO_STATUS.put(ErrorCode.ALREADY_EXISTS, Status.Code.ALREADY_EXISTS);
    TO_STATUS.put(ErrorCode.NOT_FOUND, Status.Code.NOT_FOUND);
    TO_STATUS.put(ErrorCode.COMPACTED, Status.Code.OUT_OF_RANGE);
    TO_STATUS.put(ErrorCode.FUTURE_REVISION, Status.Code.OUT_OF_RANGE);
    TO_STATUS.put(ErrorCode.FENCED, Status.Code.FAILED_PRECONDITION);
    TO_STATUS.put(ErrorCode.WATCH_CANCELED, Status.Code.CANCELLED);
    TO_STATUS.put(ErrorCode.CONFLICT, Status.Code.ABORTED);
    TO_STATUS.put(ErrorCode.FAILED_PRECONDITION, Status.Code.FAILED_PRECONDITION);
    TO_STATUS.put(ErrorCode.PERMISSION_DENIED, Status.Code.PERMISSION_DENIED);
    TO_STATUS.put(ErrorCode.UNAUTHENTICATED, Status.Code.UNAUTHENTICATED);
    TO_STATUS.put(ErrorCode.NO_LEADER, Status.Code.UNAVAILABLE);
    TO_STATUS.put(ErrorCode.UNAVAILABLE, Status.Code.UNAVAILABLE);
    TO_STATUS.put(ErrorCode.OVERLOADED, Status.Code.RESOURCE_EXHAUSTED);
    TO_STATUS.put(ErrorCode.TIMEOUT, Status.Code.DEADLINE_EXCEEDED);
    TO_STATUS.put(ErrorCode.RATE_LIMITED, Status.Code.RESOURCE_EXHAUSTED);
    TO_STATUS.put(ErrorCode.INTERNAL, Status.Code.INTERNAL);
    for (ErrorCode code : ErrorCode.values()) {
      if (code != ErrorCode.UNRECOGNIZED && !TO_STATUS.containsKey(code)) {
        throw new ExceptionInInitializerError("ErrorCode " + code + " has no gRPC status mapping");
      }
    }
  }

  private ErrorCodes() {}

  /** The gRPC status code a MeshKit error code is reported with. */
  public static Status.Code statusCode(ErrorCode code) {
    return TO_STATUS.getOrDefault(code, Status.Code.UNKNOWN);
  }

  /** Whether the proto declares the code {@code retriable}. */
  public static boolean isRetriable(ErrorCode code) {
    if (code == ErrorCode.UNRECOGNIZED) {
      return false;
    }
    return code.getValueDescriptor().getOptions().getExtension(Errors.retriable);
  }

  /** A status exception carrying the detail in its trailers. */
  public static StatusRuntimeException toException(ErrorCode code, String message, String hint) {
    return toException(ErrorDetail.newBuilder()
        .setCode(code).setMessage(message == null ? "" : message).setHint(hint == null ? "" : hint)
        .build());
  }

  /** A status exception for {@code detail}, which it carries in its trailers. */
  public static StatusRuntimeException toException(ErrorDetail detail) {
    Metadata trailers = new Metadata();
    trailers.put(DETAIL_KEY, detail);
    String message = detail.getMessage();
    String description = detail.getHint().isEmpty() ? message : message + " (hint: " + detail.getHint() + ")";
    return Status.fromCode(statusCode(detail.getCode())).withDescription(description).asRuntimeException(trailers);
  }

  /**
   * Recovers the MeshKit detail of a failed call: from the trailer when the server sent one,
   * else inferred from the gRPC status (transport failures).
   */
  public static ErrorDetail detailOf(Throwable failure) {
    Status status = Status.fromThrowable(failure);
    Metadata trailers = Status.trailersFromThrowable(failure);
    if (trailers != null && trailers.containsKey(DETAIL_KEY)) {
      return trailers.get(DETAIL_KEY);
    }
    ErrorCode inferred = switch (status.getCode()) {
      case UNAVAILABLE -> ErrorCode.UNAVAILABLE;
      case DEADLINE_EXCEEDED -> ErrorCode.TIMEOUT;
      case RESOURCE_EXHAUSTED -> ErrorCode.OVERLOADED;
      case INVALID_ARGUMENT -> ErrorCode.INVALID_ARGUMENT;
      case NOT_FOUND -> ErrorCode.NOT_FOUND;
      case PERMISSION_DENIED -> ErrorCode.PERMISSION_DENIED;
      case UNAUTHENTICATED -> ErrorCode.UNAUTHENTICATED;
      default -> ErrorCode.INTERNAL;
    };
    String message = status.getDescription() != null ? status.getDescription() : status.getCode().toString();
    return ErrorDetail.newBuilder().setCode(inferred).setMessage(message).build();
  }
}
