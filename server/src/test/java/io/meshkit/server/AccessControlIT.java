package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.meshkit.client.ClientTls;
import io.meshkit.client.MeshkitClient;
import io.meshkit.client.MeshkitClientException;
import io.meshkit.proto.v1.Access;
import io.meshkit.proto.v1.CampaignRequest;
import io.meshkit.proto.v1.ChangeInfo;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.CreateTokenRequest;
import io.meshkit.proto.v1.CreateTokenResponse;
import io.meshkit.proto.v1.Denial;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.FailoverRequest;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.ListAuditRequest;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Permission;
import io.meshkit.proto.v1.PutRequest;
import io.meshkit.proto.v1.RangeRequest;
import io.meshkit.proto.v1.RequestOp;
import io.meshkit.proto.v1.Role;
import io.meshkit.proto.v1.TxnRequest;
import io.meshkit.proto.v1.User;
import io.meshkit.proto.v1.WatchCreateRequest;
import io.meshkit.client.WatchHandler;
import io.meshkit.proto.v1.WhoAmIResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * RBAC on three real members over mutual TLS: nothing is enforced until an admin enables it (and a
 * non-admin cannot); then each built-in role (viewer, operator, relay, admin) gets exactly its calls, a
 * custom role its key prefix, a bearer token names its user until it is revoked or expires, the audit
 * actor is the caller's certificate name whatever the client claims, refusals are listed, members
 * still read through each other (their certificate makes them members), and disabling lifts it all.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AccessControlIT {
  private static final Duration LIMIT = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  @Test
  void rolesGrantExactlyTheirCallsOnceEnabled() throws Exception {
    TestCertificates ca = TestCertificates.authority(dir.resolve("pki"));
    Path[] node = ca.issue("node", 1);
    Path[] root = ca.issue("root", 2, "/CN=root/O=admin");
    Path[] alice = ca.issue("alice", 3);
    Path[] val = ca.issue("val", 4, "/CN=val/O=viewer");
    Path[] ops = ca.issue("ops", 5, "/CN=ops/O=operator");
    Path[] relayCert = ca.issue("r1", 6, "/CN=r1/O=relay");
    MiniCluster.Options options = MiniCluster.Options.defaults().withTls(new MiniCluster.Options.Tls(node[0], node[1],
        ca.ca(), "require", Duration.ofSeconds(10)));
    try (MiniCluster cluster = MiniCluster.start(3, dir.resolve("cluster"), options);
         MeshkitClient admin = client(cluster.clientEndpoints(), ca, root);
         MeshkitClient aliceClient = client(cluster.clientEndpoints(), ca, alice);
         MeshkitClient viewer = client(cluster.clientEndpoints(), ca, val);
         MeshkitClient operator = client(cluster.clientEndpoints(), ca, ops);
         MeshkitClient relay = client(cluster.clientEndpoints(), ca, relayCert)) {
      cluster.awaitLeader(Duration.ofSeconds(30));

      // Disabled: anyone with a certificate may do anything; identities are already known.
      aliceClient.put("other/before", "x");
      WhoAmIResponse me = aliceClient.auth().whoAmI();
      assertEquals("alice", me.getName());
      assertEquals("certificate", me.getKind());
      assertEquals(List.of("admin"), admin.auth().whoAmI().getRolesList());

      MeshkitClientException notAdmin = assertThrows(MeshkitClientException.class, () -> aliceClient.auth().enable());
      assertEquals(ErrorCode.FAILED_PRECONDITION, notAdmin.code());
      assertTrue(notAdmin.getMessage().contains("would not be an admin"), notAdmin.getMessage());
      assertTrue(admin.auth().enable().getEnabled());

      // alice holds no role: refused, with the permission named.
      MeshkitClientException denied = awaitRefused(() -> aliceClient.put("app/x", "1"), ErrorCode.PERMISSION_DENIED);
      assertTrue(denied.getMessage().contains("alice may not write on kv \"app/x\""), denied.getMessage());
      assertTrue(denied.hint().contains("meshctl auth user put alice"), denied.hint());

      // A custom role: write under app/ only.
      admin.auth().putRole(Role.newBuilder().setName("app-writer").addPermissions(Permission.newBuilder()
          .setApi("kv").setAccess(Access.WRITE).setPrefix("app/")).build());
      admin.auth().putUser(User.newBuilder().setName("alice").addRoles("app-writer").build());
      for (String endpoint : cluster.clientEndpoints()) {
        try (MeshkitClient one = client(List.of(endpoint), ca, alice)) {
          Await.until(() -> succeeds(() -> one.put("app/" + endpoint, "1")), LIMIT, "alice's grant on " + endpoint);
          assertTrue(one.range(RangeRequest.newBuilder().setKey(bytes("app/")).setRangeEnd(bytes("app0"))
              .build()).getKvsCount() > 0, "alice reads her prefix through " + endpoint);
        }
      }
      assertEquals(ErrorCode.PERMISSION_DENIED, refusal(() -> aliceClient.put("other/x", "1")).code());
      assertEquals(ErrorCode.PERMISSION_DENIED, refusal(() -> aliceClient.range(RangeRequest.newBuilder()
          .setKey(bytes("a")).setRangeEnd(bytes("b")).build())).code(), "a range wider than her prefix");
      assertEquals(ErrorCode.PERMISSION_DENIED, refusal(() -> aliceClient.range(RangeRequest.newBuilder()
          .setKey(bytes("app/")).setRangeEnd(ByteString.copyFrom(new byte[] {0})).build())).code(), "every key from app/ on");
      assertEquals(ErrorCode.PERMISSION_DENIED, refusal(() -> aliceClient.txn(TxnRequest.newBuilder()
          .addSuccess(RequestOp.newBuilder().setRequestPut(put("app/ok"))).addSuccess(RequestOp.newBuilder()
              .setRequestPut(put("other/no"))).build())).code(), "a transaction with one put outside");
      CompletableFuture<Throwable> watchEnd = new CompletableFuture<>();
      aliceClient.watch(WatchCreateRequest.newBuilder().setKey(bytes("other/")).setRangeEnd(bytes("other0")).build(),
          new WatchHandler() {
            @Override
            public void onEvents(long revision, List<io.meshkit.proto.v1.Event> events) {}

            @Override
            public void onFailed(MeshkitClientException error) {
              watchEnd.complete(error);
            }
          });
      Throwable watchFailure = watchEnd.get(20, TimeUnit.SECONDS);
      assertTrue(String.valueOf(watchFailure).contains("PERMISSION_DENIED") || String.valueOf(watchFailure)
          .contains("may not read"), "a watch outside alice's prefix: " + watchFailure);

      // viewer: reads, never writes; operator: writes but not reserved scopes, failover or access control.
      viewer.range(RangeRequest.newBuilder().setKey(bytes("")).setRangeEnd(ByteString.copyFrom(new byte[] {0})).build());
      assertEquals(ErrorCode.PERMISSION_DENIED, refusal(() -> viewer.put("app/v", "1")).code());
      operator.put("ops/x", "1");
      long lease = operator.grantLease(Duration.ofSeconds(30)).getId();
      assertTrue(operator.campaign(CampaignRequest.newBuilder().setScope("app/leader").setCandidate("ops")
          .setLease(lease).build(), Duration.ofSeconds(10)).getElected());
      MeshkitClientException reserved = refusal(() -> operator.campaign(CampaignRequest.newBuilder()
          .setScope("meshkit/rebalancer").setCandidate("ops").setLease(lease).build(), Duration.ofSeconds(10)));
      assertEquals(ErrorCode.PERMISSION_DENIED, reserved.code());
      assertTrue(reserved.getMessage().contains("member"), reserved.getMessage());
      assertEquals(ErrorCode.PERMISSION_DENIED, refusal(() -> operator.federation().failover(
          FailoverRequest.newBuilder().setTo("elsewhere").setDryRun(true).build())).code());
      assertEquals(ErrorCode.PERMISSION_DENIED, refusal(() -> operator.auth().putUser(User.newBuilder()
          .setName("ops").addRoles("admin").build())).code(), "an operator cannot make itself admin");

      // relay: follows the registry, nothing else.
      relay.registry().snapshot(io.meshkit.proto.v1.RegistrySnapshotRequest.getDefaultInstance());
      assertEquals(ErrorCode.PERMISSION_DENIED, refusal(() -> relay.get("app/x")).code(), "a relay reads no KV");
      assertEquals(ErrorCode.PERMISSION_DENIED, refusal(() -> relay.registry().registerNode(
          io.meshkit.proto.v1.RegisterNodeRequest.newBuilder().setNode(io.meshkit.proto.v1.Node.newBuilder()
              .setId("r").addEndpoints("127.0.0.1:9")).build())).code(), "a relay writes no registry");

      // The audit actor is the certificate's name, whatever the client claims.
      operator.registry().registerNode(io.meshkit.proto.v1.RegisterNodeRequest.newBuilder().setNode(
          io.meshkit.proto.v1.Node.newBuilder().setId("b1").addEndpoints("127.0.0.1:9")).build());
      operator.registry().createNamespace(CreateNamespaceRequest.newBuilder().setNamespace(Namespace.newBuilder()
          .setName("orders").setShardCount(2).setReplicationFactor(1).setHashing(HashingStrategy.newBuilder()
              .setRendezvous(HashingStrategy.Rendezvous.getDefaultInstance())))
          .setChange(ChangeInfo.newBuilder().setActor("somebody-else").setReason("test")).build());
      assertEquals("ops", admin.registry().listAudit(ListAuditRequest.newBuilder().setTargetPrefix("namespace/orders")
          .build()).getRecords(0).getActor());

      // Bearer tokens name their user (over alice's certificate) until revoked; expired ones are refused.
      admin.auth().putUser(User.newBuilder().setName("ci").addRoles("viewer").build());
      CreateTokenResponse token = admin.auth().createToken(CreateTokenRequest.newBuilder().setUser("ci")
          .setDescription("test").build());
      try (MeshkitClient ci = MeshkitClient.builder().endpoints(cluster.clientEndpoints())
          .tls(ClientTls.mutual(ca.ca(), alice[0], alice[1])).token(token.getSecret()).build()) {
        Await.until(() -> succeeds(() -> ci.auth().whoAmI()), LIMIT, "the token on every member");
        WhoAmIResponse ciMe = ci.auth().whoAmI();
        assertEquals("ci", ciMe.getName());
        assertEquals("token", ciMe.getKind());
        assertEquals(ErrorCode.PERMISSION_DENIED, refusal(() -> ci.put("app/ci", "1")).code(), "ci is a viewer");
        admin.auth().revokeToken(token.getToken().getId());
        MeshkitClientException revoked = awaitRefused(() -> ci.get("app/x"), ErrorCode.UNAUTHENTICATED);
        assertTrue(revoked.getMessage().contains("unknown or revoked"), revoked.getMessage());
      }
      CreateTokenResponse brief = admin.auth().createToken(CreateTokenRequest.newBuilder().setUser("ci").setTtlMs(1)
          .build());
      try (MeshkitClient late = MeshkitClient.builder().endpoints(cluster.clientEndpoints())
          .tls(ClientTls.mutual(ca.ca(), alice[0], alice[1])).token(brief.getSecret()).build()) {
        MeshkitClientException expired = awaitRefused(() -> late.get("app/x"), ErrorCode.UNAUTHENTICATED);
        assertTrue(expired.getMessage().contains("expired"), expired.getMessage());
      }

      // The admin server's REST edge applies the same rules to the HTTPS client certificate.
      java.net.http.HttpResponse<String> aliceRest = rest(cluster, ca, alice, "GET", "/control/nodes");
      assertEquals(403, aliceRest.statusCode(), aliceRest.body());
      java.net.http.HttpResponse<String> refusedRest = rest(cluster, ca, val, "POST", "/control/nodes");
      assertEquals(403, refusedRest.statusCode());
      assertTrue(refusedRest.body().contains("val may not write on registry"), refusedRest.body());
      assertEquals(200, rest(cluster, ca, val, "GET", "/control/nodes").statusCode());
      assertEquals(200, rest(cluster, ca, val, "GET", "/healthz").statusCode(), "probes are not filtered");
      assertEquals(200, rest(cluster, ca, ops, "POST", "/control/nodes/b1/cordon").statusCode());
      assertEquals("ops", admin.registry().listAudit(ListAuditRequest.newBuilder().setTargetPrefix("node/b1")
          .build()).getRecords(1).getActor(), "the REST change's actor");

      // Refusals are listed (by the member that refused them; ask each).
      boolean listed = false;
      for (String endpoint : cluster.clientEndpoints()) {
        try (MeshkitClient one = client(List.of(endpoint), ca, root)) {
          for (Denial d : one.auth().listDenials(0).getDenialsList()) {
            listed |= d.getCaller().startsWith("alice (certificate") && d.getCall().equals("meshkit.v1.KV/Put");
          }
        }
      }
      assertTrue(listed, "alice's refused put is in a member's denial list");

      // Disabled again: alice may write anywhere.
      admin.auth().disable();
      Await.until(() -> succeeds(() -> aliceClient.put("other/after", "1")), LIMIT, "auth disabled");
    }
  }

  @Test
  void aPlaintextClusterRefusesToEnableAuth() throws Exception {
    try (MiniCluster cluster = MiniCluster.start(1, dir.resolve("plain"));
         MeshkitClient client = MeshkitClient.builder().endpoints(cluster.clientEndpoints()).build()) {
      cluster.awaitLeader(Duration.ofSeconds(30));
      MeshkitClientException refused = assertThrows(MeshkitClientException.class, () -> client.auth().enable());
      assertEquals(ErrorCode.FAILED_PRECONDITION, refused.code());
      assertTrue(refused.getMessage().contains("plaintext"), refused.getMessage());
      assertEquals("anonymous", client.auth().whoAmI().getName());
    }
  }

  private static MeshkitClient client(List<String> endpoints, TestCertificates ca, Path[] identity) {
    return MeshkitClient.builder().endpoints(endpoints).tls(ClientTls.mutual(ca.ca(), identity[0], identity[1]))
        .build();
  }

  /** A REST call to the first member's admin server over HTTPS with {@code identity}'s certificate. */
  private static java.net.http.HttpResponse<String> rest(MiniCluster cluster, TestCertificates ca, Path[] identity,
      String method, String path) throws Exception {
    try (io.meshkit.client.TlsMaterial tls = io.meshkit.client.TlsMaterial.load(ca.ca(), identity[0], identity[1],
        Duration.ofMinutes(1), true)) {
      java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().sslContext(tls.sslContext()).build();
      return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://" + cluster.adminEndpoint(0)
          + path)).method(method, java.net.http.HttpRequest.BodyPublishers.ofString(method.equals("GET") ? "" : "{}"))
          .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }
  }

  private static ByteString bytes(String s) {
    return ByteString.copyFromUtf8(s);
  }

  private static PutRequest put(String key) {
    return PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes("v")).build();
  }

  private static boolean succeeds(Runnable call) {
    try {
      call.run();
      return true;
    } catch (MeshkitClientException e) {
      return false;
    }
  }

  private static MeshkitClientException refusal(Supplier<?> call) {
    return assertThrows(MeshkitClientException.class, call::get);
  }

  /** Waits until {@code call} is refused with {@code code} (every member has applied the change). */
  private static MeshkitClientException awaitRefused(Supplier<?> call, ErrorCode code) throws InterruptedException {
    MeshkitClientException[] last = new MeshkitClientException[1];
    Await.until(() -> {
      try {
        call.get();
        return false;
      } catch (MeshkitClientException e) {
        last[0] = e;
        return e.code() == code;
      }
    }, LIMIT, "a refusal with " + code);
    return last[0];
  }
}
