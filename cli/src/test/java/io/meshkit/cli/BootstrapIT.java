package io.meshkit.cli;

import static io.meshkit.cli.MeshctlCommandLineTest.assertNoStackTrace;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.meshkit.client.ClientTls;
import io.meshkit.client.JoinClient;
import io.meshkit.client.MeshkitClient;
import io.meshkit.client.MeshkitClientException;
import io.meshkit.gossip.GossipConfig;
import io.meshkit.gossip.GossipNode;
import io.meshkit.gossip.MemberStatus;
import io.meshkit.proto.v1.BootstrapGrpc;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.JoinRequest;
import io.meshkit.proto.v1.ListJoinTokensRequest;
import io.meshkit.proto.v1.WhoAmIResponse;
import io.meshkit.server.Await;
import io.meshkit.server.ConfigLoader;
import io.meshkit.server.FreePorts;
import io.meshkit.server.MiniCluster;
import io.meshkit.server.RelayConfig;
import io.meshkit.server.RelayProcess;
import io.meshkit.server.TestCertificates;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bootstrap and join against three real members over mutual TLS (a CA made with openssl; every member
 * holds the CA key and serves a bootstrap port; gossip sealed with a key): tokens issued, listed and
 * revoked with meshctl; {@code meshctl bootstrap join} writes a key, a certificate and the CA, and those
 * files make mutual-TLS calls as CN = the name, O = the role; the delivered gossip key lets a new node
 * gossip with the members; a relay with a joined certificate follows the registry. Refused: a single-use token used twice, an expired
 * one, a revoked one, a token pinning another CA (by the joiner, before anything is sent), a bad
 * certificate request — none of them uses the token up.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BootstrapIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One directory for the whole class: the CA, the cluster, each join's output. */
  private Path dir;
  private TestCertificates ca;
  private Path[] admin;
  private byte[] gossipKey;
  private MiniCluster cluster;

  @BeforeAll
  void start(@TempDir Path base) throws Exception {
    dir = base;
    ca = TestCertificates.authority(dir.resolve("pki"));
    Path[] node = ca.issue("node", 1);
    admin = ca.issue("admin", 2);
    gossipKey = new byte[32];
    new java.security.SecureRandom().nextBytes(gossipKey);
    Path keyFile = Files.writeString(dir.resolve("gossip.key"), Base64.getEncoder().encodeToString(gossipKey));
    cluster = MiniCluster.start(3, dir.resolve("cluster"), MiniCluster.Options.defaults().withGossipKey(keyFile)
        .withTls(new MiniCluster.Options.Tls(node[0], node[1], ca.ca(), "require", Duration.ofSeconds(1))
            .withJoins(ca.caKey())));
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.assertNoFatalFailure();
      cluster.close();
    }
  }

  /** meshctl as the administrator (mutual TLS with the admin certificate). */
  private Cli.Result meshctl(String... args) {
    List<String> all = new ArrayList<>(List.of("--endpoints", String.join(",", cluster.clientEndpoints()),
        "--cacert", ca.ca().toString(), "--cert", admin[0].toString(), "--key", admin[1].toString()));
    all.addAll(List.of(args));
    Cli.Result r = new Cli().execute(all.toArray(String[]::new));
    assertNoStackTrace(r);
    return r;
  }

  private Cli.Result ok(String... args) {
    Cli.Result r = meshctl(args);
    assertEquals(0, r.exitCode(), () -> String.join(" ", args) + " failed:\n" + r);
    return r;
  }

  /** Issues a token through meshctl; returns its text. */
  private String issue(String role, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("bootstrap", "issue", "--role", role, "-o", "json"));
    args.addAll(List.of(more));
    JsonNode issued = JSON.readTree(ok(args.toArray(String[]::new)).out());
    assertEquals(role, issued.path("record").path("role").asText());
    return issued.path("token").asText();
  }

  private static String id(String token) {
    return token.split("\\.")[1];
  }

  private JsonNode listed(String token) throws Exception {
    for (JsonNode t : JSON.readTree(ok("bootstrap", "list", "-o", "json").out()).path("tokens")) {
      if (t.path("id").asText().equals(id(token))) {
        return t;
      }
    }
    throw new AssertionError("token " + id(token) + " is not listed");
  }

  private Cli.Result join(String token, String name, Path out, String... more) {
    List<String> args = new ArrayList<>(List.of("bootstrap", "join", "--join-token", token, "--endpoint",
        cluster.bootstrapEndpoint(1), "--name", name, "--out", out.toString()));
    args.addAll(List.of(more));
    Cli.Result r = new Cli().execute(args.toArray(String[]::new));
    assertNoStackTrace(r);
    return r;
  }

  private static void refused(Cli.Result r, String why) {
    assertEquals(ExitCodes.REFUSED, r.exitCode(), r::toString);
    assertTrue(r.err().contains(why), () -> "'" + why + "' in:\n" + r);
    assertTrue(r.err().contains("Error: ") && r.err().contains("meshctl bootstrap issue"), () -> "a hint in:\n" + r);
  }

  @Test
  void aMemberJoinsWithMeshctlAndItsFilesMakeMutualTlsCalls() throws Exception {
    String token = issue("member", "--ttl", "10m");
    Path out = dir.resolve("n4");
    Cli.Result joined = join(token, "n4", out, "--san", "IP:127.0.0.1", "--san", "DNS:n4.example");
    assertEquals(0, joined.exitCode(), joined::toString);
    assertTrue(joined.out().contains("tlsCertFile: " + out.resolve("cert.pem").toAbsolutePath()), joined::toString);
    assertTrue(joined.out().contains("gossipKeyFile: " + out.resolve("gossip.key").toAbsolutePath()), joined::toString);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("key.pem"))));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("gossip.key"))));
    assertTrue(Files.readString(out.resolve("key.pem")).startsWith("-----BEGIN PRIVATE KEY-----"));

    X509Certificate cert = certificates(out.resolve("cert.pem")).get(0);
    String subject = cert.getSubjectX500Principal().getName();
    assertTrue(subject.contains("CN=n4") && subject.contains("O=member"), subject);
    assertTrue(cert.getExtendedKeyUsage().containsAll(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2")),
        "serverAuth and clientAuth for a member");
    assertEquals(List.of(List.of(7, "127.0.0.1"), List.of(2, "n4.example")), cert.getSubjectAlternativeNames()
        .stream().map(san -> List.of(san.get(0), san.get(1))).sorted((a, b) -> Integer.compare((Integer) b.get(0),
            (Integer) a.get(0))).toList());
    cert.verify(certificates(ca.ca()).get(0).getPublicKey());
    assertEquals(Files.readString(ca.ca()), Files.readString(out.resolve("ca.pem")));
    JsonNode peers = JSON.readTree(Files.readString(out.resolve("peers.json")));
    assertEquals(3, peers.size());
    assertEquals(cluster.clientEndpoint(0), peers.get(0).path("client_address").asText());

    // The written files are a working identity: mutual TLS to every member's client port.
    try (MeshkitClient client = MeshkitClient.builder().endpoints(cluster.clientEndpoints()).tls(ClientTls.mutual(
        out.resolve("ca.pem"), out.resolve("cert.pem"), out.resolve("key.pem"))).build()) {
      client.put("joined/n4", "yes");
      assertEquals("yes", client.get("joined/n4").orElseThrow().getValue().toStringUtf8());
      WhoAmIResponse me = client.auth().whoAmI();
      assertEquals(List.of("n4", "certificate", List.of("member")), List.of(me.getName(), me.getKind(),
          me.getGroupsList()), "the member sees the joined certificate's CN and O");
    }
    JsonNode record = listed(token);
    assertEquals("used-up", record.path("state").asText());
    assertEquals("n4", record.path("joined").get(0).path("name").asText());
    assertEquals("admin", record.path("created_by").asText(), "the issuer is the caller's certificate CN");

    // The delivered gossip key: a node sealing gossip with it is seen alive by the members, and sees them.
    byte[] delivered = Base64.getDecoder().decode(Files.readString(out.resolve("gossip.key")).strip());
    assertArrayEquals(gossipKey, delivered);
    List<String> seeds = new ArrayList<>();
    peers.forEach(p -> seeds.add(p.path("gossip_address").asText()));
    try (GossipNode node = GossipNode.start(GossipConfig.defaults(), "minicluster", "n4",
        "127.0.0.1:" + FreePorts.distinct(1).get(0), null, seeds, delivered)) {
      Await.until(() -> node.members().stream().filter(m -> m.status() == MemberStatus.ALIVE).count() >= 4,
          Duration.ofSeconds(30),
          "the new node sees the three members alive through sealed gossip");
      Cli.Result view = ok("peers", "list", "-o", "json");
      assertTrue(view.out().contains("\"n4\""), view::toString);
    }
  }

  @Test
  void aSingleUseTokenIsRefusedTheSecondTime() throws Exception {
    String token = issue("member");
    assertEquals(0, join(token, "n5", dir.resolve("n5")).exitCode());
    Path again = dir.resolve("n5-again");
    Cli.Result second = join(token, "n6", again);
    refused(second, "join token " + id(token) + " is used up (1 of 1 joins, last by n5)");
    assertFalse(Files.exists(again.resolve("cert.pem")), "nothing written for a refused join");
    MeshkitClientException e = assertThrows(MeshkitClientException.class, () -> JoinClient.join(
        cluster.bootstrapEndpoint(2), request(token, "n6", JoinCredentials.make("n6", List.of()).csrPem()),
        Duration.ofSeconds(10)));
    assertEquals(ErrorCode.UNAUTHENTICATED, e.code(), e.getMessage());
  }

  @Test
  void anExpiredTokenIsRefused() throws Exception {
    String token = issue("relay", "--ttl", "1s");
    Thread.sleep(1_500);
    refused(join(token, "relay-x", dir.resolve("expired")), "join token " + id(token) + " expired at");
    assertEquals(0, listed(token).path("uses").asInt());
  }

  @Test
  void aRevokedTokenIsRefused() throws Exception {
    String token = issue("viewer", "--uses", "3");
    Cli.Result revoked = ok("bootstrap", "revoke", id(token));
    assertTrue(revoked.out().contains("revoked"), revoked::toString);
    refused(join(token, "carol", dir.resolve("revoked")), "join token " + id(token) + " was revoked");
    assertEquals("revoked", listed(token).path("state").asText());
    Cli.Result unknown = meshctl("bootstrap", "revoke", "nosuchtoken");
    assertEquals(ExitCodes.REFUSED, unknown.exitCode(), unknown::toString);
  }

  @Test
  void aWrongSecretOrAnUnknownIdIsRefused() throws Exception {
    String token = issue("member");
    String[] parts = token.split("\\.");
    String wrongSecret = String.join(".", parts[0], parts[1], "A".repeat(22), parts[3]);
    refused(join(wrongSecret, "n10", dir.resolve("wrong")), "the secret of join token " + id(token) + " is wrong");
    String unknown = String.join(".", parts[0], "zzzzzzzzzz", parts[2], parts[3]);
    refused(join(unknown, "n10", dir.resolve("unknown")), "join token zzzzzzzzzz is unknown to this cluster");
    assertEquals(0, listed(token).path("uses").asInt());
  }

  @Test
  void aTokenPinningAnotherCaIsRefusedByTheJoinerBeforeItSendsAnything() throws Exception {
    String token = issue("member");
    String otherPin = io.meshkit.proto.JoinTokenText.pin(new byte[] {1, 2, 3});
    String forged = token.substring(0, token.lastIndexOf('.') + 1) + otherPin;
    Path out = dir.resolve("pinned");
    Cli.Result r = join(forged, "n7", out);
    assertEquals(ExitCodes.REFUSED, r.exitCode(), r::toString);
    assertTrue(r.err().contains("refused to send the join token to " + cluster.bootstrapEndpoint(1)
        + ": the server presents no CA certificate with the hash the join token pins"), r::toString);
    assertFalse(Files.exists(out.resolve("cert.pem")));
    assertEquals(0, listed(token).path("uses").asInt(), "the secret never reached the cluster");
    assertEquals(0, join(token, "n7", out).exitCode(), "the real token still works");
  }

  @Test
  void aBadCertificateRequestIsRefusedWithoutUsingTheTokenUp() throws Exception {
    String token = issue("member");
    String csr = JoinCredentials.make("n8", List.of()).csrPem();
    String tampered = csr.replace(csr.substring(120, 124), csr.substring(120, 124).equals("AAAA") ? "BBBB" : "AAAA");
    for (String bad : List.of("not a csr", tampered)) {
      MeshkitClientException e = assertThrows(MeshkitClientException.class, () -> JoinClient.join(
          cluster.bootstrapEndpoint(0), request(token, "n8", bad), Duration.ofSeconds(10)));
      assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), e.getMessage());
      assertTrue(e.getMessage().contains("the certificate request (CSR) is refused"), e.getMessage());
    }
    assertEquals(0, listed(token).path("uses").asInt());
    assertEquals("member", JoinClient.join(cluster.bootstrapEndpoint(0), request(token, "n8", csr),
        Duration.ofSeconds(10)).getRole(), "the token still works after the refusals");
  }

  @Test
  void existingFilesAreKeptUnlessForcedAndNothingIsAskedBefore() throws Exception {
    String token = issue("member", "--uses", "2");
    Path out = Files.createDirectories(dir.resolve("existing"));
    Files.writeString(out.resolve("key.pem"), "keep me");
    Cli.Result r = join(token, "n9", out);
    assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
    assertTrue(r.err().contains("already holds key.pem") && r.err().contains("--force"), r::toString);
    assertEquals("keep me", Files.readString(out.resolve("key.pem")));
    assertEquals(0, listed(token).path("uses").asInt());
    assertEquals(0, join(token, "n9", out, "--force").exitCode());
    assertTrue(Files.readString(out.resolve("key.pem")).startsWith("-----BEGIN PRIVATE KEY-----"));
  }

  @Test
  void theBootstrapPortServesJoinOnlyAndAsksNoClientCertificate() throws Exception {
    ManagedChannel channel = NettyChannelBuilder.forTarget(cluster.bootstrapEndpoint(0), TlsChannelCredentials
        .newBuilder().trustManager(ca.ca().toFile()).build()).build();
    try {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> BootstrapGrpc.newBlockingStub(channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS).listJoinTokens(ListJoinTokensRequest.getDefaultInstance()));
      assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode(), e.toString());
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void aRelayWithAJoinedCertificateFollowsTheRegistry() throws Exception {
    String token = issue("relay");
    Path out = dir.resolve("relay-1");
    Cli.Result joined = join(token, "relay-1", out);
    assertEquals(0, joined.exitCode(), joined::toString);
    assertTrue(joined.out().contains("clusterTls: {caFile: " + out.resolve("ca.pem").toAbsolutePath()), joined::toString);
    X509Certificate cert = certificates(out.resolve("cert.pem")).get(0);
    assertEquals(List.of("1.3.6.1.5.5.7.3.2"), cert.getExtendedKeyUsage(), "a relay's certificate only calls");
    Path yaml = Files.writeString(dir.resolve("relay.yaml"), "listen: 127.0.0.1:" + FreePorts.distinct(1).get(0)
        + "\nadmin: \"\"\ndataDir: " + dir.resolve("relay-data") + "\nendpoints: [" + String.join(", ",
        cluster.clientEndpoints()) + "]\nroutes:\n  - {header: x-meshkit-namespace}\nclusterTls: {caFile: "
        + out.resolve("ca.pem") + ", certFile: " + out.resolve("cert.pem") + ", keyFile: " + out.resolve("key.pem")
        + "}\n");
    try (RelayProcess relay = RelayProcess.start(ConfigLoader.load(yaml, Map.of(), RelayConfig.class).validate())) {
      Await.until(() -> !relay.routing().stale() && relay.routing().current().revision() > 0,
          Duration.ofSeconds(30), "the relay's routing table, read with its joined certificate");
    }
  }

  private static JoinRequest request(String token, String name, String csr) {
    return JoinRequest.newBuilder().setToken(token).setName(name).setCsrPem(csr).build();
  }

  private static List<X509Certificate> certificates(Path pem) throws Exception {
    return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(
        Files.readAllBytes(pem))).stream().map(c -> (X509Certificate) c).toList();
  }
}
