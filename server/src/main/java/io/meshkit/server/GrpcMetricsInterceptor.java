package io.meshkit.server;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Records {@code meshkit.grpc.requests} latency by method and status code for every call. */
final class GrpcMetricsInterceptor implements ServerInterceptor {
  private final MeterRegistry registry;

  GrpcMetricsInterceptor(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Timer.Sample sample = Timer.start(registry);
    String method = call.getMethodDescriptor().getFullMethodName();
    return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        sample.stop(Timer.builder("meshkit.grpc.requests").description("gRPC request latency")
            .tag("method", method).tag("code", status.getCode().name()).register(registry));
        if (!status.isOk() && status.getCode() != Status.Code.CANCELLED) {
          registry.counter("meshkit.grpc.failures", "method", method, "code", status.getCode().name()).increment();
        }
        super.close(status, trailers);
      }
    }, headers);
  }
}
