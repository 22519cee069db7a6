package io.meshkit.server;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import io.meshkit.proto.ErrorCodes;
import io.meshkit.proto.internal.v1.MemberReadsGrpc;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.ErrorDetail;
import io.meshkit.raft.edge.Caller;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Refuses a call whose caller has used up its {@link RateLimits} allowance with {@code RESOURCE_EXHAUSTED}
 * / {@link ErrorCode#RATE_LIMITED}, the detail saying when to come back ({@code retry_after_ms}). A call
 * counts once when it starts, whatever it streams afterwards. Members' own calls ({@code MemberReads},
 * and any call from a caller holding the {@code member} role: federation, an in-server relay) are never
 * limited. Must sit after {@link CallerInterceptor}; refused calls count in
 * {@code meshkit.grpc.rate_limited} by method (not by identity: that would be unbounded cardinality).
 */
final class RateLimitInterceptor implements ServerInterceptor {
  private final RateLimits limits;
  private final MeterRegistry meters;
  private final java.util.function.Predicate<Caller> member;

  /** @param member whether a caller is a member (never limited) */
  RateLimitInterceptor(RateLimits limits, MeterRegistry meters, java.util.function.Predicate<Caller> member) {
    this.limits = limits;
    this.meters = meters;
    this.member = member;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    if (!limits.enabled() || MemberReadsGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    Caller caller = Caller.current();
    if (member.test(caller)) {
      return next.startCall(call, headers);
    }
    long waitMs = limits.admit(identity(caller));
    if (waitMs == 0) {
      return next.startCall(call, headers);
    }
    String method = call.getMethodDescriptor().getFullMethodName();
    meters.counter("meshkit.grpc.rate_limited", "method", method).increment();
    StatusRuntimeException refused = ErrorCodes.toException(ErrorDetail.newBuilder()
        .setCode(ErrorCode.RATE_LIMITED)
        .setMessage(caller.name() + " sent more requests than this member's rate limit allows")
        .setHint("wait " + waitMs + " ms before the next request, send fewer, or ask the operator to raise "
            + "rateLimit")
        .setRetryAfterMs(waitMs).build());
    call.close(refused.getStatus(), refused.getTrailers());
    return new ServerCall.Listener<>() {};
  }

  /**
   * Whose bucket a call takes from: an identified caller's name; an anonymous caller's remote host
   * without the port, so that reconnecting does not buy a fresh bucket.
   */
  static String identity(Caller caller) {
    if (caller.identified()) {
      return caller.kind().name().toLowerCase(java.util.Locale.ROOT) + ":" + caller.name();
    }
    String address = caller.address();
    int colon = address.lastIndexOf(':');
    return "anonymous@" + (colon > 0 ? address.substring(0, colon) : address);
  }
}
