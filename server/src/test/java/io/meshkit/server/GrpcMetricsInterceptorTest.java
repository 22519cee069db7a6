package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Calls over a real gRPC server on loopback land in {@code meshkit_grpc_requests_seconds} as a histogram
 * with fixed buckets, by method, call type and status code.
 */
class GrpcMetricsInterceptorTest {
  private static final MethodDescriptor<byte[], byte[]> ECHO = MethodDescriptor.<byte[], byte[]>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("test.Echo/Say")
      .setRequestMarshaller(RawGrpcCall.BYTES).setResponseMarshaller(RawGrpcCall.BYTES).build();

  @Test
  void unaryCallsAreRecordedInBucketsByMethodTypeAndCode() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ServerServiceDefinition echo = ServerServiceDefinition.builder("test.Echo")
        .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, reply) -> {
          if (request.length == 0) {
            reply.onError(Status.INVALID_ARGUMENT.withDescription("empty").asRuntimeException());
            return;
          }
          reply.onNext(request);
          reply.onCompleted();
        })).build();
    Server server = ServerBuilder.forPort(0)
        .addService(ServerInterceptors.intercept(echo, new GrpcMetricsInterceptor(registry))).build().start();
    ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    try {
      for (int i = 0; i < 3; i++) {
        assertArrayEquals(new byte[] {7}, ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT, new byte[] {7}));
      }
      assertThrows(StatusRuntimeException.class,
          () -> ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT, new byte[0]));
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    String scrape = registry.scrape();
    String ok = "code=\"OK\",method=\"test.Echo/Say\",type=\"unary\"";
    assertTrue(scrape.contains("meshkit_grpc_requests_seconds_count{" + ok + "} 3"), scrape);
    assertTrue(scrape.contains("meshkit_grpc_requests_seconds_bucket{" + ok + ",le=\"10.0\"} 3"), scrape);
    assertTrue(scrape.contains("meshkit_grpc_requests_seconds_bucket{" + ok + ",le=\"0.001\"}"), scrape);
    assertTrue(scrape.contains("meshkit_grpc_requests_seconds_bucket{" + ok + ",le=\"+Inf\"} 3"), scrape);
    assertTrue(scrape.contains("meshkit_grpc_requests_seconds_count{code=\"INVALID_ARGUMENT\",method=\"test.Echo/Say\","
        + "type=\"unary\"} 1"), scrape);
    long buckets = scrape.lines().filter(l -> l.startsWith("meshkit_grpc_requests_seconds_bucket{" + ok)).count();
    assertTrue(buckets == GrpcMetricsInterceptor.BUCKETS.length + 1, "13 bounds and +Inf, not " + buckets);
  }
}
