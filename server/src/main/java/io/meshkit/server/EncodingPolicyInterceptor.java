package io.meshkit.server;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import io.meshkit.access.policy.TransportPolicyView;
import io.meshkit.proto.ErrorCodes;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.ErrorDetail;
import io.meshkit.proto.v1.TransportPolicy;
import java.util.List;

/**
 * Refuses a call whose messages are compressed with an encoding ({@code grpc-encoding}) the transport
 * policy's {@code grpc_encodings} does not allow, with {@code FAILED_PRECONDITION} naming the encoding
 * and the allowed ones, before the call does anything. No header = identity, which a non-empty list
 * always allows. Cost per call: one header lookup and a scan of a list of at most two names.
 */
final class EncodingPolicyInterceptor implements ServerInterceptor {
  private static final Metadata.Key<String> ENCODING = Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER);

  private final TransportPolicyView view;

  EncodingPolicyInterceptor(TransportPolicyView view) {
    this.view = view;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    TransportPolicy policy = view.policy();
    List<String> allowed = policy.getGrpcEncodingsList();
    String encoding = headers.get(ENCODING);
    if (allowed.isEmpty() || encoding == null || allowed.contains(encoding)) {
      return next.startCall(call, headers);
    }
    StatusRuntimeException refused = ErrorCodes.toException(ErrorDetail.newBuilder()
        .setCode(ErrorCode.FAILED_PRECONDITION)
        .setMessage("the request is compressed with " + encoding + ", which the transport policy does not allow"
            + " (grpc_encodings: " + String.join(", ", allowed) + ")")
        .setHint("send it uncompressed or with an allowed encoding, or ask an administrator to allow " + encoding
            + " (meshctl policy set)").build());
    call.close(refused.getStatus(), refused.getTrailers());
    return new ServerCall.Listener<>() {};
  }
}
