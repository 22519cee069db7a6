package io.meshkit.jepsen.workload;

import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import java.util.EnumSet;
import java.util.Set;

/**
 * Turns a failed jetcd call into a {@link KvClient.OpException}, definite only when etcd cannot have
 * applied the request: the connection was never established (refused, or timed out connecting), or
 * etcd rejected the request before proposing it (invalid, too large, too many requests, not
 * permitted). Everything else - a deadline, a lost connection, "leader changed", "request timed out"
 * (etcd answers both as UNAVAILABLE after proposing) - leaves the outcome unknown.
 */
final class EtcdErrors {
  /** Codes etcd 3.4 returns only for requests it refused before they reached raft. */
  private static final Set<Status.Code> REFUSED = EnumSet.of(Status.Code.INVALID_ARGUMENT,
      Status.Code.FAILED_PRECONDITION, Status.Code.OUT_OF_RANGE, Status.Code.RESOURCE_EXHAUSTED,
      Status.Code.PERMISSION_DENIED, Status.Code.UNAUTHENTICATED, Status.Code.UNIMPLEMENTED,
      Status.Code.NOT_FOUND, Status.Code.ALREADY_EXISTS);

  private EtcdErrors() {}

  /** Classifies {@code failure} (a gRPC status exception, or jetcd's wrapper of one, at any depth). */
  static KvClient.OpException classify(Throwable failure) {
    Status.Code code = code(failure);
    boolean definite = REFUSED.contains(code) || code == Status.Code.UNAVAILABLE && ConnectFailures.neverConnected(failure);
    String description = Status.fromThrowable(failure).getDescription();
    return new KvClient.OpException(code + ": " + (description != null ? description : failure.getMessage()),
        definite, failure);
  }

  /** An outcome-unknown failure for a call that did not finish in time. */
  static KvClient.OpException timedOut(long millis, Throwable cause) {
    return new KvClient.OpException("no answer within " + millis + " ms", false, cause);
  }

  private static Status.Code code(Throwable failure) {
    Status.Code code = Status.fromThrowable(failure).getCode();
    if (code != Status.Code.UNKNOWN) {
      return code;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof EtcdException etcd) {
        return Status.Code.valueOf(etcd.getErrorCode().name());
      }
    }
    return code;
  }
}
