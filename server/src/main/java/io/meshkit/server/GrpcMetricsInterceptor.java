package io.meshkit.server;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;

/**
 * Records {@code meshkit.grpc.requests} latency by method, call type ({@code unary},
 * {@code server_streaming}, ...: a stream's time is its whole life) and status code for every call, as a
 * histogram with fixed buckets from 1 ms to 10 s (Prometheus: {@code meshkit_grpc_requests_seconds_bucket}),
 * so that percentiles can be taken across members and over any window.
 */
final class GrpcMetricsInterceptor implements ServerInterceptor {
  /** The buckets' upper bounds: few enough for every method and code, fine enough for p99 alerts. */
  static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
      Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
      Duration.ofSeconds(5), Duration.ofSeconds(10)};

  private final MeterRegistry registry;

  GrpcMetricsInterceptor(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Timer.Sample sample = Timer.start(registry);
    String method = call.getMethodDescriptor().getFullMethodName();
    String type = call.getMethodDescriptor().getType().name().toLowerCase(Locale.ROOT);
    return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        sample.stop(Timer.builder("meshkit.grpc.requests").description("gRPC request latency")
            .tag("method", method).tag("type", type).tag("code", status.getCode().name())
            .serviceLevelObjectives(BUCKETS).register(registry));
        if (!status.isOk() && status.getCode() != Status.Code.CANCELLED) {
          registry.counter("meshkit.grpc.failures", "method", method, "code", status.getCode().name()).increment();
        }
        super.close(status, trailers);
      }
    }, headers);
  }
}
