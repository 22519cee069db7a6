package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.meshkit.client.ClientTls;
import io.meshkit.client.MeshkitClient;
import io.meshkit.client.TlsMaterial;
import io.meshkit.proto.ErrorCodes;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.ErrorDetail;
import io.meshkit.proto.v1.KVGrpc;
import io.meshkit.proto.v1.RangeRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real member over mutual TLS with a small per-identity rate limit: the identity that used up its
 * allowance is refused with RATE_LIMITED and told when to come back, while another identity is served;
 * the Java client waits as told and succeeds; refusals are counted by method.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RateLimitIT {
  private static final int BURST = 3;

  @TempDir
  Path dir;

  @Test
  void anIdentityOverItsLimitIsToldToWaitWhileAnotherIsServed() throws Exception {
    TestCertificates ca = TestCertificates.authority(dir.resolve("pki"));
    Path[] node = ca.issue("node", 1);
    Path[] alice = ca.issue("alice", 2);
    Path[] bob = ca.issue("bob", 3);
    Path[] carol = ca.issue("carol", 4);
    PeerConfig self = FreePorts.peers("n", 1).get(0);
    Map<String, Object> flags = new HashMap<>();
    flags.put("nodeId", self.id());
    flags.put("dataDir", dir.resolve("data").toString());
    flags.put("initialCluster", List.of(self));
    flags.put("tlsCertFile", node[0].toString());
    flags.put("tlsKeyFile", node[1].toString());
    flags.put("tlsCaFile", ca.ca().toString());
    flags.put("rateLimit", Map.of("requestsPerSecond", 1, "burst", BURST));
    try (MeshkitServer member = MeshkitServer.start(ConfigLoader.load(null, flags).validate(), t -> { });
         TlsMaterial aliceTls = TlsMaterial.load(ca.ca(), alice[0], alice[1], Duration.ofSeconds(10), true);
         TlsMaterial bobTls = TlsMaterial.load(ca.ca(), bob[0], bob[1], Duration.ofSeconds(10), true);
         TlsMaterial carolTls = TlsMaterial.load(ca.ca(), carol[0], carol[1], Duration.ofSeconds(10), true)) {
      ManagedChannel aliceChannel = Grpc.newChannelBuilder(self.clientAddress(), aliceTls.channelCredentials()).build();
      ManagedChannel bobChannel = Grpc.newChannelBuilder(self.clientAddress(), bobTls.channelCredentials()).build();
      ManagedChannel carolChannel = Grpc.newChannelBuilder(self.clientAddress(), carolTls.channelCredentials()).build();
      try {
        RangeRequest read = RangeRequest.newBuilder().setKey(com.google.protobuf.ByteString.copyFromUtf8("k"))
            .setSerializable(true).build();
        awaitServing(carolChannel, read); // carol's allowance goes into waiting for a leader
        // Alice spends her burst (the first answers may still wait for a leader: a refusal is fine there).
        StatusRuntimeException refused = null;
        for (int i = 0; i < BURST + 5 && refused == null; i++) {
          try {
            stub(aliceChannel).range(read);
          } catch (StatusRuntimeException e) {
            if (ErrorCodes.detailOf(e).getCode() == ErrorCode.RATE_LIMITED) {
              refused = e;
            }
          }
        }
        assertTrue(refused != null, "alice is refused once her burst of " + BURST + " is spent");
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getStatus().getCode());
        ErrorDetail detail = ErrorCodes.detailOf(refused);
        assertTrue(detail.getRetryAfterMs() > 0 && detail.getRetryAfterMs() <= 1000,
            "retry after " + detail.getRetryAfterMs() + " ms at 1 request/s");
        assertTrue(detail.getMessage().contains("alice"), detail.getMessage());
        assertTrue(detail.getHint().contains("rateLimit"), detail.getHint());
        assertTrue(ErrorCodes.isRetriable(ErrorCode.RATE_LIMITED));

        stub(bobChannel).range(read); // bob has his own allowance

        // The Java client, as alice, waits as told and gets through; a call that cannot wait that long
        // fails at once with the member's answer.
        try (MeshkitClient client = MeshkitClient.builder().endpoints(List.of(self.clientAddress()))
            .tls(ClientTls.mutual(ca.ca(), alice[0], alice[1])).callTimeout(Duration.ofSeconds(10)).build();
             MeshkitClient hasty = MeshkitClient.builder().endpoints(List.of(self.clientAddress()))
                 .tls(ClientTls.mutual(ca.ca(), alice[0], alice[1])).callTimeout(Duration.ofMillis(300)).build()) {
          try {
            hasty.memberStatus(self.clientAddress()); // connects (the TLS handshake) before the deadline matters
          } catch (io.meshkit.client.MeshkitClientException slowHandshake) {
            // connected all the same
          }
          drain(aliceChannel, read, 500);
          var tooSoon = assertThrows(io.meshkit.client.MeshkitClientException.class, () -> hasty.range(read));
          assertEquals(ErrorCode.RATE_LIMITED, tooSoon.code(), tooSoon.getMessage());
          assertTrue(tooSoon.retryAfter().toMillis() > 0);
          assertTrue(tooSoon.hint().contains("rateLimit"), tooSoon.hint());
          drain(aliceChannel, read, 500);
          long start = System.nanoTime();
          for (int i = 0; i < 3; i++) {
            client.put("rate/" + i, "v");
          }
          long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          assertTrue(waitedMs >= 1500, "three writes at 1/s with an empty bucket wait ~3 s, waited " + waitedMs);
          assertEquals("v", client.get("rate/2").orElseThrow().getValue().toStringUtf8());
        }

        HttpClient https = HttpClient.newBuilder().sslContext(bobTls.sslContext()).build();
        String metrics = https.send(HttpRequest.newBuilder(URI.create("https://" + self.adminAddress() + "/metrics"))
            .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("meshkit_grpc_rate_limited_total{")
            && l.contains("method=\"meshkit.v1.KV/Range\"") && !l.contains("alice")), metrics);
      } finally {
        aliceChannel.shutdownNow();
        bobChannel.shutdownNow();
        carolChannel.shutdownNow();
      }
    }
  }

  private static KVGrpc.KVBlockingStub stub(ManagedChannel channel) {
    return KVGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
  }

  /** Waits until the member answers a read (a leader is elected). */
  private static void awaitServing(ManagedChannel channel, RangeRequest read) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        stub(channel).range(read);
        return;
      } catch (StatusRuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  /**
   * Sends reads until one is refused with a wait of at least {@code minWaitMs}: the caller's bucket is
   * then (nearly) empty, whatever it held before.
   */
  private static void drain(ManagedChannel channel, RangeRequest read, long minWaitMs) throws InterruptedException {
    for (int i = 0; i < 20; i++) {
      try {
        stub(channel).range(read);
      } catch (StatusRuntimeException e) {
        ErrorDetail detail = ErrorCodes.detailOf(e);
        if (detail.getCode() != ErrorCode.RATE_LIMITED) {
          throw e;
        }
        if (detail.getRetryAfterMs() >= minWaitMs) {
          return;
        }
        Thread.sleep(detail.getRetryAfterMs());
      }
    }
    throw new AssertionError("never refused with a wait of " + minWaitMs + " ms");
  }
}
