package io.meshkit.raft.edge;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.meshkit.proto.ErrorCodes;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.raft.MeshException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where domain results meet gRPC: every service replies through here so that a {@link MeshException}
 * always becomes a status carrying its {@link io.meshkit.proto.v1.ErrorDetail}, and nothing else
 * (a bug) leaks a stack trace or an exception's class — it becomes INTERNAL with a fixed message, the
 * failure itself going to the log.
 */
public final class GrpcEdge {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcEdge.class);

  private GrpcEdge() {}

  /** Completes {@code observer} with {@code future}'s value mapped by {@code toResponse}, or its failure. */
  public static <T, R> void reply(CompletableFuture<T> future, Function<T, R> toResponse, StreamObserver<R> observer) {
    future.whenComplete((value, failure) -> {
      if (failure != null) {
        observer.onError(toStatus(failure));
        return;
      }
      R response;
      try {
        response = toResponse.apply(value);
      } catch (RuntimeException e) {
        observer.onError(toStatus(e));
        return;
      }
      observer.onNext(response);
      observer.onCompleted();
    });
  }

  /** The status a failure is reported with. */
  public static StatusRuntimeException toStatus(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof StatusRuntimeException sre) {
      return sre;
    }
    if (t instanceof MeshException mesh) {
      return ErrorCodes.toException(mesh.code(), mesh.getMessage(), mesh.hint());
    }
    if (t instanceof IllegalArgumentException iae) {
      return ErrorCodes.toException(ErrorCode.INVALID_ARGUMENT, iae.getMessage(), "");
    }
    LOG.warn("internal error answering a call", t);
    return ErrorCodes.toException(ErrorCode.INTERNAL, "internal error in the member; its log holds the details",
        "retry; if it persists, report it with the member's log");
  }

  /** Shorthand for a failed business result. */
  public static MeshException failure(ErrorCode code, String message, String hint) {
    return new MeshException(code, message, hint);
  }
}
