package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.StatusRuntimeException;
import io.meshkit.client.MeshkitClient;
import io.meshkit.client.MeshkitClientException;
import io.meshkit.proto.ErrorCodes;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.CreateShardsRequest;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.GetPolicyResponse;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegisterNodeRequest;
import io.meshkit.proto.v1.SetPolicyRequest;
import io.meshkit.proto.v1.TransportPolicy;
import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport policy on three real plaintext members and a standalone relay: set and read through
 * any member, a policy the answering member violates refused naming it and the setting, every member
 * reporting its own violations after a change (admin JSON, gauge), gzip-compressed calls refused when
 * only identity is allowed, and the relay counting HTTP/1.1 requests as downgrades while h2c is
 * preferred — then refusing them once HTTP/1.1 is no longer allowed.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TransportPolicyIT {
  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      Thread.sleep(100);
    }
  }

  @Test
  void membersFollowReportAndEnforceThePolicy() throws Exception {
    try (MiniCluster cluster = MiniCluster.start(3, dir.resolve("cluster"));
         MeshkitClient client = MeshkitClient.builder().endpoints(cluster.clientEndpoints()).build();
         KvStubs stubs = new KvStubs(cluster.clientEndpoints())) {
      cluster.awaitLeader(Duration.ofSeconds(30));
      assertEquals(TransportPolicy.getDefaultInstance(), client.policy().get().getPolicy());

      // Plaintext members: requiring TLS would be violated by the answering member itself.
      MeshkitClientException refused = assertThrows(MeshkitClientException.class,
          () -> client.policy().set(TransportPolicy.newBuilder().setRequireTls(true).build()));
      assertEquals(ErrorCode.FAILED_PRECONDITION, refused.code(), refused.toString());
      assertTrue(refused.getMessage().matches("(?s).*member n\\d would violate this policy: tlsCertFile.*"),
          refused.getMessage());
      assertTrue(refused.hint().contains("set tlsCertFile, tlsKeyFile and tlsCaFile"), refused.hint());
      MeshkitClientException badName = assertThrows(MeshkitClientException.class,
          () -> client.policy().set(TransportPolicy.newBuilder().addClientProtocols("spdy").build()));
      assertEquals(ErrorCode.INVALID_ARGUMENT, badName.code(), badName.toString());
      assertTrue(badName.getMessage().contains("client_protocols names 'spdy'"), badName.getMessage());

      // A policy the members comply with: accepted, and every member answers it.
      TransportPolicy identityOnly = TransportPolicy.newBuilder().addClientProtocols("h2c").addClientProtocols("http1.1")
          .addBackendProtocols("http1.1").addGrpcEncodings("identity").build();
      assertEquals(identityOnly, client.policy().set(identityOnly).getPolicy());
      for (String endpoint : cluster.clientEndpoints()) {
        try (MeshkitClient one = MeshkitClient.builder().endpoints(List.of(endpoint)).build()) {
          GetPolicyResponse r = one.policy().get();
          assertEquals(identityOnly, r.getPolicy(), endpoint);
          assertEquals(0, r.getMemberViolationsCount(), r.toString());
        }
      }
      // Compressed requests are refused; uncompressed ones go through.
      StatusRuntimeException gzip = assertThrows(StatusRuntimeException.class, () -> stubs.kv(1).withCompression("gzip")
          .put(io.meshkit.proto.v1.PutRequest.newBuilder().setKey(KvStubs.utf8("k")).setValue(KvStubs.utf8("v"))
              .build()));
      assertEquals(ErrorCode.FAILED_PRECONDITION, ErrorCodes.detailOf(gzip).getCode(), gzip.toString());
      assertTrue(gzip.getMessage().contains("compressed with gzip"), gzip.getMessage());
      stubs.put(1, "k", "v");

      // A policy set while the members run plaintext (as by a member that complied): each reports it.
      cluster.node(0).execute(Command.newBuilder().setSetTransportPolicy(SetPolicyRequest.newBuilder()
          .setPolicy(TransportPolicy.newBuilder().setRequireTls(true))).build()).get(10, TimeUnit.SECONDS);
      for (int i = 0; i < 3; i++) {
        String admin = "http://" + cluster.adminEndpoint(i);
        await("member " + i + " reports its violation", () -> {
          try {
            return get(admin + "/metrics").body().contains("meshkit_transport_policy_violations 1.0");
          } catch (Exception e) {
            return false;
          }
        });
        String policy = get(admin + "/control/policy").body();
        assertTrue(policy.contains("\"require_tls\": true") && policy.contains("\"setting\": \"tlsCertFile\""), policy);
      }
      GetPolicyResponse reported = client.policy().get();
      assertEquals("tlsCertFile", reported.getMemberViolations(0).getSetting(), reported.toString());
      client.policy().set(TransportPolicy.getDefaultInstance());
      await("the violation is gone", () -> {
        try {
          return get("http://" + cluster.adminEndpoint(2) + "/metrics").body()
              .contains("meshkit_transport_policy_violations 0.0");
        } catch (Exception e) {
          return false;
        }
      });
      cluster.assertNoFatalFailure();
    }
  }

  @Test
  void aRelayCountsDowngradesAndRefusesWhatThePolicyDoesNotAllow() throws Exception {
    HttpServer backend = FixedBackend.answering("ok");
    List<Integer> ports = FreePorts.distinct(2);
    String relayUrl = "http://127.0.0.1:" + ports.get(0);
    String adminUrl = "http://127.0.0.1:" + ports.get(1);
    try (MiniCluster cluster = MiniCluster.start(1, dir.resolve("cluster"));
         MeshkitClient client = MeshkitClient.builder().endpoints(cluster.clientEndpoints()).build()) {
      cluster.awaitLeader(Duration.ofSeconds(30));
      client.registry().registerNode(RegisterNodeRequest.newBuilder().setNode(Node.newBuilder().setId("b1")
          .addEndpoints("127.0.0.1:" + backend.getAddress().getPort())).build());
      client.registry().createNamespace(CreateNamespaceRequest.newBuilder().setNamespace(Namespace.newBuilder()
          .setName("users").setShardCount(2).setReplicationFactor(1).setHashing(HashingStrategy.newBuilder()
              .setRendezvous(HashingStrategy.Rendezvous.getDefaultInstance()))).build());
      client.registry().createShards(CreateShardsRequest.newBuilder().setNamespace("users").build());
      // h2c preferred, HTTP/1.1 allowed: an HTTP/1.1 client is a downgrade; so is an HTTP/1.1 backend.
      client.policy().set(TransportPolicy.newBuilder().addClientProtocols("h2c").addClientProtocols("http1.1")
          .addBackendProtocols("h2c").addBackendProtocols("http1.1").build());
      Path yaml = dir.resolve("relay.yaml");
      Files.writeString(yaml, """
          listen: 127.0.0.1:%d
          admin: 127.0.0.1:%d
          endpoints: [%s]
          dataDir: %s
          routes:
            - {namespace: users, pathPrefix: /users}
          keyPathSegment: 0
          """.formatted(ports.get(0), ports.get(1), cluster.clientEndpoint(0), dir.resolve("relay-data")));
      try (RelayProcess relay = RelayProcess.start(ConfigLoader.load(yaml, Map.of(), RelayConfig.class).validate())) {
        await("the relay follows the policy", () -> relay.proxy().protocols().allowed(
            io.meshkit.relay.proxy.ProtocolRules.Side.CLIENT).equals(List.of("h2c", "http1.1")));
        for (int i = 0; i < 3; i++) {
          HttpResponse<String> routed = get(relayUrl + "/users/alice" + i);
          assertEquals(200, routed.statusCode(), routed.body());
        }
        String metrics = get(adminUrl + "/metrics").body();
        assertTrue(metrics.contains("meshkit_relay_protocol_downgrades_total{protocol=\"http1.1\",side=\"client\"} 3.0"),
            metrics);
        assertTrue(metrics.contains("meshkit_relay_protocol_downgrades_total{protocol=\"http1.1\",side=\"backend\"} 3.0"),
            metrics);
        assertTrue(metrics.contains("meshkit_relay_protocol_downgrades_total{protocol=\"h2c\",side=\"client\"} 0.0"),
            metrics);

        // HTTP/1.1 no longer allowed towards clients: refused with 505 naming the allowed protocols.
        client.policy().set(TransportPolicy.newBuilder().addClientProtocols("h2c").build());
        await("the relay refuses HTTP/1.1", () -> {
          try {
            return get(relayUrl + "/users/bob").statusCode() == 505;
          } catch (Exception e) {
            return false;
          }
        });
        HttpResponse<String> refused = get(relayUrl + "/users/bob");
        assertTrue(refused.body().contains("client_protocols: h2c"), refused.body());
        // h2c by prior knowledge still goes through.
        HttpClient h2c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> upgraded = h2c.send(HttpRequest.newBuilder(URI.create(relayUrl + "/users/carol"))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, upgraded.statusCode(), upgraded.body());
      }
      cluster.assertNoFatalFailure();
    } finally {
      backend.stop(0);
    }
  }
}
