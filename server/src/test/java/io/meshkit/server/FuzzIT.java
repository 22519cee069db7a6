package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.meshkit.proto.internal.v1.MemberReadsGrpc;
import io.meshkit.proto.v1.ClusterGrpc;
import io.meshkit.proto.v1.ElectionGrpc;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.FederationGrpc;
import io.meshkit.proto.v1.HealthRequest;
import io.meshkit.proto.v1.KVGrpc;
import io.meshkit.proto.v1.LeaseGrpc;
import io.meshkit.proto.v1.MembershipGrpc;
import io.meshkit.proto.v1.RangeRequest;
import io.meshkit.proto.v1.RangeResponse;
import io.meshkit.proto.v1.RebalanceGrpc;
import io.meshkit.proto.v1.RegistryGrpc;
import io.meshkit.proto.v1.RegistrySnapshotRequest;
import io.meshkit.proto.v1.RegistrySnapshotResponse;
import io.meshkit.proto.v1.ResponseHeader;
import io.meshkit.proto.v1.WatchGrpc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throws random, mutated and malformed requests at a running member — every method of every gRPC service
 * on its client port, and raw HTTP at its admin port — and checks that it survives (it still answers
 * health checks and no internal failure stopped it), that no answer carries a stack trace or an
 * exception's class name, and that requests the member refused (and every read) left its state as it
 * was: every key and registry record, and the revision too when every refusal was for the request's
 * shape (those must never reach the Raft log). Seeded: the seed is printed, {@code -Dfuzz.seed=N} replays
 * a run.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FuzzIT {
  /** Java internals that must never reach a client. */
  private static final Pattern LEAK = Pattern.compile(
      "\tat |Exception:|Error:|java\\.lang\\.|\\.java:\\d+\\)|[a-z]+\\.[a-z]+\\.[\\w.$]*Exception");
  /** Method names that only read: an OK answer to them must not change anything either. */
  private static final Pattern READ_ONLY = Pattern.compile(
      "Range|TimeToLive|List.*|Leader|Observe|MemberStatus|Health|Get.*|ResolveKey|Snapshot|Diff|Watch.*|Follows|ReadIndex");
  private static final List<ServiceDescriptor> SERVICES = List.of(KVGrpc.getServiceDescriptor(),
      WatchGrpc.getServiceDescriptor(), ClusterGrpc.getServiceDescriptor(), RegistryGrpc.getServiceDescriptor(),
      MembershipGrpc.getServiceDescriptor(), RebalanceGrpc.getServiceDescriptor(),
      FederationGrpc.getServiceDescriptor(), MemberReadsGrpc.getServiceDescriptor(),
      ElectionGrpc.getServiceDescriptor(), LeaseGrpc.getServiceDescriptor());
  /** Failures after which a request may or may not have been applied. */
  private static final Set<Status.Code> UNKNOWN_OUTCOME = EnumSet.of(Status.Code.DEADLINE_EXCEEDED,
      Status.Code.CANCELLED, Status.Code.UNAVAILABLE, Status.Code.UNKNOWN);
  /** Refusals for a request's shape, which must come before the request enters the Raft log. */
  private static final Set<ErrorCode> SHAPE_ERRORS = EnumSet.of(ErrorCode.INVALID_ARGUMENT, ErrorCode.KEY_TOO_LARGE,
      ErrorCode.VALUE_TOO_LARGE, ErrorCode.REQUEST_TOO_LARGE, ErrorCode.TOO_MANY_TXN_OPS,
      ErrorCode.DUPLICATE_KEY_IN_TXN, ErrorCode.EMPTY_KEY);
  private static final int CALLS_PER_UNARY_METHOD = 30;
  private static final int CALLS_PER_STREAMING_METHOD = 6;
  private static final int RANDOM_HTTP_REQUESTS = 150;

  @TempDir
  Path dir;

  @Test
  void aMemberSurvivesGarbageLeaksNothingAndRefusedRequestsChangeNothing() throws Exception {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    System.out.println("FuzzIT seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
    Random random = new Random(seed);
    try (MiniCluster cluster = MiniCluster.start(1, dir.resolve("cluster"))) {
      cluster.awaitLeader(Duration.ofSeconds(30));
      ManagedChannel channel = ManagedChannelBuilder.forTarget(cluster.clientEndpoint(0)).usePlaintext()
          .maxInboundMessageSize(64 << 20).build();
      try {
        awaitQuiet(channel);
        assertUnparsableRefusedClearly(channel);
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        fuzzGrpc(channel, new ProtoFuzz(random), random, failures);
        long grpcDone = System.nanoTime();
        fuzzHttp(channel, new HttpFuzz(random, cluster.adminEndpoint(0)), failures);
        System.out.printf("FuzzIT: gRPC phase %d ms, HTTP phase %d ms%n",
            TimeUnit.NANOSECONDS.toMillis(grpcDone - start), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - grpcDone));
        assertAlive(cluster, channel);
        assertTrue(failures.isEmpty(), "seed " + seed + ": " + failures.size() + " findings:\n"
            + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
      } finally {
        channel.shutdownNow();
      }
      cluster.assertNoFatalFailure();
    }
  }

  private static void fuzzGrpc(ManagedChannel channel, ProtoFuzz fuzz, Random random, List<String> failures)
      throws InterruptedException {
    java.util.Map<String, Integer> codes = new java.util.TreeMap<>();
    for (ServiceDescriptor service : SERVICES) {
      for (MethodDescriptor<?, ?> method : service.getMethods()) {
        Message prototype = (Message) ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller())
            .getMessagePrototype();
        MethodDescriptor<byte[], byte[]> raw = RawGrpcCall.raw(method);
        boolean streaming = method.getType() != MethodDescriptor.MethodType.UNARY;
        State before = State.of(channel);
        List<String> accepted = new ArrayList<>();
        boolean allRefusedBeforeTheLog = true;
        for (int i = 0; i < (streaming ? CALLS_PER_STREAMING_METHOD : CALLS_PER_UNARY_METHOD); i++) {
          Metadata headers = new Metadata();
          if (random.nextInt(15) == 0) {
            headers.put(Metadata.Key.of("x-fuzz", Metadata.ASCII_STRING_MARSHALLER), "h".repeat(16 * 1024));
          }
          RawGrpcCall.Outcome outcome = RawGrpcCall.call(channel, raw, fuzz.request(prototype), headers, 1_000, 150);
          if (LEAK.matcher(outcome.text()).find()) {
            failures.add(method.getFullMethodName() + " leaked Java internals: " + outcome.text());
          }
          codes.merge(outcome.detail() != null ? outcome.detail().getCode().name() : outcome.status().isOk()
              ? "OK" : "gRPC " + outcome.status().getCode() + " (" + outcome.status().getDescription() + ")", 1, Integer::sum);
          if (outcome.status().getCode() == Status.Code.UNKNOWN
              || outcome.detail() != null && outcome.detail().getCode() == ErrorCode.INTERNAL) {
            failures.add(method.getFullMethodName() + " failed inside the member instead of refusing the request: "
                + outcome.text());
          }
          if (outcome.accepted() || UNKNOWN_OUTCOME.contains(outcome.status().getCode())) {
            accepted.add(outcome.status().getCode().name());
          }
          allRefusedBeforeTheLog &= refusedBeforeTheLog(outcome);
        }
        String name = method.getBareMethodName();
        if (READ_ONLY.matcher(name).matches() || accepted.isEmpty()) {
          State after = State.of(channel);
          // A request refused for its shape never reaches the Raft log; one refused for the state it met
          // (not found, conflict) is refused when applied: it takes a log index (the header revision moves)
          // but must change no record.
          boolean same = allRefusedBeforeTheLog || READ_ONLY.matcher(name).matches() ? before.equals(after)
              : before.sameRecords(after);
          if (!same) {
            failures.add(method.getFullMethodName() + " changed the state although "
                + (accepted.isEmpty() ? "every request was refused" : "it only reads") + ": " + before.diff(after));
          }
        }
      }
    }
    System.out.println("FuzzIT: gRPC answers by code: " + codes);
  }

  /** Whether the member refused the call for its shape alone (so before it could reach the Raft log). */
  private static boolean refusedBeforeTheLog(RawGrpcCall.Outcome outcome) {
    if (outcome.accepted() || UNKNOWN_OUTCOME.contains(outcome.status().getCode())) {
      return false;
    }
    // No MeshKit detail: gRPC itself refused it (not a message of the type, too large, unknown method).
    return outcome.detail() == null || SHAPE_ERRORS.contains(outcome.detail().getCode());
  }

  private static void fuzzHttp(ManagedChannel channel, HttpFuzz http, List<String> failures) throws Exception {
    State before = State.of(channel);
    boolean anyWriteAccepted = false;
    java.util.Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    for (byte[] request : http.requests(RANDOM_HTTP_REQUESTS)) {
      HttpFuzz.Exchange exchange = http.send(request, 700);
      statuses.merge(exchange.status(), 1, Integer::sum);
      String body = exchange.answer();
      if (LEAK.matcher(body).find()) {
        failures.add("HTTP " + exchange.request().lines().findFirst().orElse("") + " leaked Java internals: "
            + body.substring(0, Math.min(600, body.length())));
      }
      if (exchange.status() >= 500 && exchange.status() != 503 && exchange.status() != 501) {
        failures.add("HTTP " + exchange.request().lines().findFirst().orElse("") + " answered " + exchange.status()
            + ": " + body.substring(0, Math.min(300, body.length())));
      }
      boolean write = !exchange.request().startsWith("GET ") && !exchange.request().startsWith("HEAD ");
      anyWriteAccepted |= write && exchange.status() >= 200 && exchange.status() < 300;
    }
    System.out.println("FuzzIT: HTTP answers by status (0 = none, connection closed): " + statuses);
    // Over the member's header limits, under the JDK's defaults (200 headers, 380 KiB): ours apply.
    StringBuilder many = new StringBuilder("GET /healthz HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < AdminHttpServer.MAX_REQUEST_HEADERS + 50; i++) {
      many.append("X-H").append(i).append(": v\r\n");
    }
    String big = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(AdminHttpServer.MAX_REQUEST_HEADER_BYTES + 1024)
        + "\r\n\r\n";
    for (String request : List.of(many.append("\r\n").toString(), big)) {
      int status = http.send(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 2_000).status();
      if (status == 200) {
        failures.add("the admin server served a request over its header limits (" + request.length() + " bytes)");
      }
    }
    if (!anyWriteAccepted) {
      State after = State.of(channel);
      if (!before.sameRecords(after)) {
        failures.add("the HTTP phase changed the state although every write was refused: " + before.diff(after));
      }
    }
  }

  /**
   * A request whose string field is not UTF-8 is refused with INVALID_ARGUMENT naming the message type
   * and the problem (left to gRPC, it failed with UNKNOWN "Application error processing RPC").
   */
  private static void assertUnparsableRefusedClearly(ManagedChannel channel) throws InterruptedException {
    byte[] notUtf8 = {0x0a, 0x03, 'a', (byte) 0xC3, 0x28}; // field 1 (name), "a" + a broken 2-byte sequence
    RawGrpcCall.Outcome outcome = RawGrpcCall.call(channel, RawGrpcCall.raw(RegistryGrpc.getGetNamespaceMethod()),
        notUtf8, new Metadata(), 5_000, 5_000);
    assertEquals(Status.Code.INVALID_ARGUMENT, outcome.status().getCode(), outcome.text());
    assertEquals(ErrorCode.INVALID_ARGUMENT, outcome.detail().getCode(), outcome.text());
    assertTrue(outcome.detail().getMessage().contains("GetNamespaceRequest")
        && outcome.detail().getMessage().contains("UTF-8"), outcome.text());
  }

  /**
   * Waits until the member's own start-up writes (its controllers' candidacies) are applied: one write of
   * ours (everything before it is applied once it is acknowledged), then no change for two seconds.
   */
  private static void awaitQuiet(ManagedChannel channel) throws InterruptedException {
    KVGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).put(io.meshkit.proto.v1.PutRequest
        .newBuilder().setKey(ByteString.copyFromUtf8("fuzz/start")).setValue(ByteString.copyFromUtf8("1")).build());
    State last = State.of(channel);
    int quiet = 0;
    for (int i = 0; i < 60 && quiet < 4; i++) {
      Thread.sleep(500);
      State now = State.of(channel);
      quiet = now.equals(last) ? quiet + 1 : 0;
      last = now;
    }
    if (quiet < 4) {
      throw new AssertionError("the member's state kept changing with no client: revision " + last.revision());
    }
  }

  private static void assertAlive(MiniCluster cluster, ManagedChannel channel) throws Exception {
    assertTrue(cluster.isRunning(0));
    assertTrue(ClusterGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .health(HealthRequest.getDefaultInstance()).getHealthy(), "the member answers health over gRPC");
    HttpResponse<String> healthz = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://" + cluster.adminEndpoint(0) + "/healthz")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, healthz.statusCode(), "the admin server answers /healthz");
  }

  /** Everything a request could change that a client can see: every key, the registry, the revision. */
  private record State(long revision, RangeResponse kv, RegistrySnapshotResponse registry) {
    static State of(ManagedChannel channel) {
      RangeResponse kv = KVGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).range(
          RangeRequest.newBuilder().setKey(ByteString.copyFrom(new byte[] {0}))
              .setRangeEnd(ByteString.copyFrom(new byte[] {0})).build());
      RegistrySnapshotResponse registry = RegistryGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
          .snapshot(RegistrySnapshotRequest.getDefaultInstance());
      return new State(kv.getHeader().getRevision(), kv.toBuilder().setHeader(ResponseHeader.getDefaultInstance())
          .build(), registry.toBuilder().setHeader(ResponseHeader.getDefaultInstance()).build());
    }

    /** The same keys and registry records (revisions included), whatever the header revision. */
    boolean sameRecords(State after) {
      return kv.equals(after.kv) && registry.equals(after.registry);
    }

    String diff(State after) {
      return "revision " + revision + " -> " + after.revision + (kv.equals(after.kv) ? "" : ", keys differ ("
          + kv.getKvsCount() + " -> " + after.kv.getKvsCount() + ")") + (registry.equals(after.registry) ? ""
          : ", the registry differs");
    }
  }
}
