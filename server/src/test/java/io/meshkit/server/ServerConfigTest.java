package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad configuration fails at start with one line naming the problem and the fix. */
class ServerConfigTest {
  @TempDir
  Path dir;

  private static final String PEERS = """
      initialCluster:
        - {id: n1, raftAddress: 127.0.0.1:7101, clientAddress: 127.0.0.1:7001, adminAddress: 127.0.0.1:7201}
        - {id: n2, raftAddress: 127.0.0.1:7102, clientAddress: 127.0.0.1:7002, adminAddress: 127.0.0.1:7202}
      """;

  private ServerConfig load(String yaml, Map<String, Object> flags) throws Exception {
    Path file = dir.resolve("node.yaml");
    Files.writeString(file, yaml);
    return ConfigLoader.load(file, flags);
  }

  private String failure(String yaml) {
    return assertThrows(ConfigException.class, () -> load(yaml, Map.of()).validate()).getMessage();
  }

  @Test
  void yamlWithDurationsAndDefaultsResolves() throws Exception {
    ServerConfig.Resolved r = load("nodeId: n2\ndataDir: " + dir + "\nelectionTimeoutMin: 800ms\n"
        + "electionTimeoutMax: 3s\n" + PEERS, Map.of()).validate();
    assertEquals(Duration.ofMillis(800), r.raft().electionTimeoutMin());
    assertEquals(Duration.ofSeconds(3), r.raft().electionTimeoutMax());
    assertEquals("127.0.0.1:7002", r.self().clientAddress());
    assertEquals(4096, r.raft().limits().maxKeyBytes());
    assertEquals("meshkit", r.raft().clusterName());
  }

  @Test
  void gossipSeedsAreTheOtherMembersGossipAddressesAndTheKeyFileIsChecked() throws Exception {
    String peers = """
        initialCluster:
          - {id: n1, raftAddress: 127.0.0.1:7101, clientAddress: 127.0.0.1:7001, gossipAddress: 127.0.0.1:7301}
          - {id: n2, raftAddress: 127.0.0.1:7102, clientAddress: 127.0.0.1:7002, gossipAddress: 127.0.0.1:7302}
          - {id: n3, raftAddress: 127.0.0.1:7103, clientAddress: 127.0.0.1:7003}
        """;
    Path key = dir.resolve("gossip.key");
    Files.writeString(key, java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\n");
    ServerConfig.Resolved r = load("nodeId: n1\ndataDir: " + dir + "\ngossipKeyFile: " + key + "\n" + peers,
        Map.of()).validate();
    assertEquals("127.0.0.1:7301", r.self().gossipAddress());
    assertEquals(List.of("127.0.0.1:7302"), r.gossipSeeds());
    assertEquals(32, r.gossipKey().length);

    Files.writeString(key, java.util.Base64.getEncoder().encodeToString(new byte[10]));
    String wrongSize = failure("nodeId: n1\ndataDir: " + dir + "\ngossipKeyFile: " + key + "\n" + peers);
    assertTrue(wrongSize.contains("10-byte key") && wrongSize.contains("openssl rand -base64 32"), wrongSize);
    String missing = failure("nodeId: n1\ndataDir: " + dir + "\ngossipKeyFile: " + dir.resolve("none") + "\n" + peers);
    assertTrue(missing.contains("cannot be read"), missing);
    assertTrue(failure("nodeId: n1\ndataDir: " + dir + "\ngossipAddress: nope\n" + peers).contains("gossipAddress"));
  }

  @Test
  void aRelayInsideTheServerRoutesByTheClustersOwnEndpointsAndRefusesItsOwnGossip() throws Exception {
    ServerConfig.Resolved r = load("nodeId: n1\ndataDir: " + dir + "\n" + PEERS
        + "relay:\n  listen: 127.0.0.1:7301\n  admin: \"\"\n  routes: [{header: x-meshkit-namespace}]\n",
        Map.of()).validate();
    RelayConfig.Resolved relay = r.relay().orElseThrow();
    assertEquals(List.of("127.0.0.1:7001", "127.0.0.1:7002"), relay.endpoints());
    assertEquals("127.0.0.1:7301", relay.listen());
    assertTrue(load("nodeId: n1\ndataDir: " + dir + "\n" + PEERS, Map.of()).validate().relay().isEmpty());
    assertTrue(failure("nodeId: n1\ndataDir: " + dir + "\n" + PEERS + "relay:\n  routes: [{header: x}]\n"
        + "  gossip: {address: 127.0.0.1:7950, seeds: [127.0.0.1:7946]}\n")
        .startsWith("relay.gossip is not allowed inside a server"));
    assertTrue(failure("nodeId: n1\ndataDir: " + dir + "\n" + PEERS + "relay:\n  listen: 127.0.0.1:7301\n")
        .startsWith("relay.routes is missing"));    assertTrue(failure("nodeId: n1\ndataDir: " + dir + "\n" + PEERS + "relay:\n  routes: [{header: x}]\n"
        + "  tls: {certFile: a.pem, keyFile: a.key, caFile: ca.pem}\n").startsWith("relay.tls is not supported inside"));
  }

  @Test
  void aStandaloneRelaysOwnTlsSettingsAreNamedInItsErrors() throws Exception {
    String relay = "endpoints: [127.0.0.1:7001]\nroutes: [{header: x}]\n";
    String noKey = relayFailure(relay + "tls: {certFile: " + dir.resolve("r.pem") + ", caFile: ca.pem}\n");
    assertTrue(noKey.startsWith("tls.keyFile is missing"), noKey);
    String noCa = relayFailure(relay + "tls: {certFile: r.pem, keyFile: r.key}\n");
    assertTrue(noCa.startsWith("tls.caFile is missing"), noCa);
    String badRule = relayFailure(relay + "tls: {certFile: r.pem, keyFile: r.key, caFile: ca.pem, clientAuth: maybe}\n");
    assertTrue(badRule.startsWith("tls.clientAuth 'maybe'"), badRule);
    String absent = relayFailure(relay + "tls: {certFile: " + dir.resolve("none.pem") + ", keyFile: r.key, caFile: c}\n");
    assertTrue(absent.startsWith("tls.certFile " + dir.resolve("none.pem") + " does not exist"), absent);
  }

  private String relayFailure(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("relay.yaml"), yaml);
    return assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of(), RelayConfig.class).validate())
        .getMessage();
  }

  @Test
  void flagsOverrideTheFile() throws Exception {
    ServerConfig.Resolved r = load("nodeId: n1\ndataDir: /nowhere\n" + PEERS,
        Map.of("nodeId", "n2", "dataDir", dir.toString(), "requestTimeout", "9s",
            "initialCluster", List.of(PeerConfig.parseFlag("id=n2,raft=127.0.0.1:1,client=127.0.0.1:2,admin=127.0.0.1:3"))))
        .validate();
    assertEquals("n2", r.self().id());
    assertEquals("127.0.0.1:1", r.self().raftAddress());
    assertEquals(Duration.ofSeconds(9), r.raft().requestTimeout());
  }

  @Test
  void eachMistakeIsNamed() {
    assertTrue(failure("dataDir: /x\n" + PEERS).contains("nodeId is missing"));
    assertTrue(failure("nodeId: n9\ndataDir: /x\n" + PEERS).contains("node id 'n9' is not in initialCluster"));
    assertTrue(failure("nodeId: n1\ndataDir: /x\n").contains("initialCluster is empty"));
    assertTrue(failure("nodeId: n1\ndataDir: /x\n" + PEERS.replace("id: n2", "id: n1")).contains("appears twice"));
    assertTrue(failure("nodeId: n1\ndataDir: /x\n" + PEERS.replace("7102", "7101")).contains("used twice"));
    assertTrue(failure("nodeId: n1\ndataDir: /x\n" + PEERS.replace("127.0.0.1:7102", "nohostport"))
        .contains("not host:port"));
    assertTrue(failure("nodeId: n1\ndataDir: /x\nelectionTimeoutMin: 5s\n" + PEERS).contains("electionTimeoutMin"));
    assertTrue(failure("nodeId: n1\ndataDir: /x\nrequestTimeout: soon\n" + PEERS).contains("like 500ms, 5s"));
    assertTrue(failure("nodeId: n1\ndataDir: /x\nnodeid: n1\n" + PEERS).contains("unknown config field 'nodeid'"));
    assertTrue(failure("nodeId: n1\ndataDir: /x\nmaxKeyBytes: -1\n" + PEERS).contains("maxKeyBytes must be positive"));
    assertTrue(failure("nodeId: [unclosed\n").contains("not valid YAML"));
  }

  @Test
  void missingConfigFileIsNamed() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(dir.resolve("absent.yaml"), Map.of()));
    assertTrue(e.getMessage().contains("does not exist"));
  }

  @Test
  void portInUseAndUnwritableDataDirFailBeforeAnythingStarts() throws Exception {
    try (ServerSocket busy = new ServerSocket(0)) {
      String yaml = "nodeId: n1\ndataDir: " + dir.resolve("d") + "\n" + PEERS.replace("127.0.0.1:7001",
          "127.0.0.1:" + busy.getLocalPort());
      ConfigException e = assertThrows(ConfigException.class,
          () -> MeshkitServer.start(load(yaml, Map.of()).validate(), t -> { }));
      assertTrue(e.getMessage().contains("client address 127.0.0.1:" + busy.getLocalPort() + " is not available"),
          e.getMessage());
    }
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    String yaml = "nodeId: n1\ndataDir: " + file.resolve("sub") + "\n" + PEERS;
    ConfigException e = assertThrows(ConfigException.class,
        () -> MeshkitServer.start(load(yaml, Map.of()).validate(), t -> { }));
    assertTrue(e.getMessage().contains("is not writable"), e.getMessage());
  }

  @Test
  void theServerCommandPrintsOneLineAndExitsTwoOnBadConfig() {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true));
    try {
      int code = new picocli.CommandLine(new Main()).execute("server", "--data-dir", dir.toString(),
          "--peer", "id=n1,raft=127.0.0.1:7101,client=127.0.0.1:7001");
      assertEquals(2, code);
    } finally {
      System.setErr(original);
    }
    String printed = err.toString().trim();
    assertEquals(1, printed.lines().count(), printed);
    assertTrue(printed.startsWith("meshkit: nodeId is missing"), printed);
  }

  @Test
  void tlsSettingsResolveAndEveryMistakeIsNamed() throws Exception {
    TestCertificates ca = TestCertificates.authority(dir.resolve("pki"));
    Path[] node = ca.issue("node", 1);
    Path[] other = ca.issue("other", 2);
    String base = "nodeId: n1\ndataDir: " + dir + "\n" + PEERS;
    ServerConfig.Resolved r = load(base + "tlsCertFile: " + node[0] + "\ntlsKeyFile: " + node[1] + "\ntlsCaFile: "
        + ca.ca() + "\n", Map.of()).validate();
    TlsSettings tls = r.tls().orElseThrow();
    assertEquals(TlsSettings.ClientAuth.REQUIRE, tls.clientAuth(), "mutual TLS unless told otherwise");
    assertEquals(TlsSettings.DEFAULT_RELOAD, tls.reload());
    assertTrue(load(base, Map.of()).validate().tls().isEmpty(), "no tls* field: plaintext");
    assertEquals(TlsSettings.ClientAuth.OPTIONAL, load(base, Map.of("tlsCertFile", node[0].toString(), "tlsKeyFile",
        node[1].toString(), "tlsCaFile", ca.ca().toString(), "tlsClientAuth", "optional")).validate().tls()
        .orElseThrow().clientAuth(), "flags set it too");

    assertTrue(failure(base + "tlsCertFile: " + node[0] + "\ntlsCaFile: " + ca.ca() + "\n")
        .startsWith("tlsKeyFile is missing"));
    assertTrue(failure(base + "tlsCertFile: " + node[0] + "\ntlsKeyFile: " + node[1] + "\n")
        .startsWith("tlsCaFile is missing"));
    assertTrue(failure(base + "tlsCaFile: " + ca.ca() + "\n").startsWith("tlsCertFile is missing"));
    String tlsFiles = "tlsCertFile: " + node[0] + "\ntlsKeyFile: " + node[1] + "\ntlsCaFile: " + ca.ca() + "\n";
    assertTrue(failure(base + tlsFiles + "tlsClientAuth: sometimes\n").contains("not one of require, optional, none"));
    assertTrue(failure(base + "tlsCertFile: " + node[0] + "\ntlsKeyFile: " + dir.resolve("nope.key")
        + "\ntlsCaFile: " + ca.ca() + "\n").contains("nope.key does not exist"));
    String mismatch = failure(base + "tlsCertFile: " + node[0] + "\ntlsKeyFile: " + other[1] + "\ntlsCaFile: "
        + ca.ca() + "\n");
    assertTrue(mismatch.contains("does not belong to the certificate"), mismatch);
    String notPem = failure(base + "tlsCertFile: " + node[0] + "\ntlsKeyFile: " + node[1] + "\ntlsCaFile: "
        + Files.writeString(dir.resolve("ca.txt"), "not a certificate") + "\n");
    assertTrue(notPem.contains("cannot be read as PEM"), notPem);
  }

  @Test
  void bootstrapSettingsResolveAndEveryMistakeIsNamed() throws Exception {
    TestCertificates ca = TestCertificates.authority(dir.resolve("pki"));
    Path[] node = ca.issue("node", 1);
    String base = "nodeId: n1\ndataDir: " + dir + "\n" + PEERS;
    String tlsFiles = "tlsCertFile: " + node[0] + "\ntlsKeyFile: " + node[1] + "\ntlsCaFile: " + ca.ca() + "\n";
    BootstrapConfig joins = load(base + tlsFiles + "tlsCaKeyFile: " + ca.caKey() + "\nbootstrapAddress: 127.0.0.1:7401\n"
        + "joinCertificateValidity: 30d\n", Map.of()).validate().bootstrap();
    assertEquals("127.0.0.1:7401", joins.address());
    assertEquals(Duration.ofDays(30), joins.certificateValidity());
    assertEquals("CN=meshkit-test-ca", joins.authority().orElseThrow().certificate().getSubjectX500Principal()
        .getName(), "the bundle's certificate that belongs to the key");
    BootstrapConfig off = load(base + tlsFiles, Map.of()).validate().bootstrap();
    assertEquals("", off.address(), "no bootstrap port unless configured");
    assertTrue(off.authority().isEmpty());
    assertEquals(Duration.ofDays(90), load(base + tlsFiles, Map.of("tlsCaKeyFile", ca.caKey().toString())).validate()
        .bootstrap().certificateValidity(), "flags set it too; 90 days unless told");

    assertTrue(failure(base + "tlsCaKeyFile: " + ca.caKey() + "\n").startsWith("tlsCaKeyFile needs TLS"));
    assertTrue(failure(base + "bootstrapAddress: 127.0.0.1:7401\n").startsWith("bootstrapAddress needs TLS"));
    assertTrue(failure(base + tlsFiles + "bootstrapAddress: 127.0.0.1:7401\n")
        .startsWith("bootstrapAddress needs tlsCaKeyFile"));
    assertTrue(failure(base + tlsFiles + "tlsCaKeyFile: " + dir.resolve("nope.key") + "\n")
        .contains("nope.key does not exist"));
    String stranger = failure(base + tlsFiles + "tlsCaKeyFile: " + node[1] + "\n");
    assertTrue(stranger.contains("belongs to none of the 1 certificates in the CA bundle"), stranger);
    String leaf = failure(base + "tlsCertFile: " + node[0] + "\ntlsKeyFile: " + node[1] + "\ntlsCaFile: " + node[0]
        + "\ntlsCaKeyFile: " + node[1] + "\n");
    assertTrue(leaf.contains("is not a CA"), leaf);
    String notPkcs8 = failure(base + tlsFiles + "tlsCaKeyFile: " + ca.ca() + "\n");
    assertTrue(notPkcs8.contains("is not an unencrypted PKCS#8 PEM key"), notPkcs8);
    assertTrue(failure(base + tlsFiles + "tlsCaKeyFile: " + ca.caKey() + "\njoinCertificateValidity: 0s\n")
        .contains("joinCertificateValidity must be positive"));
    assertTrue(failure(base + tlsFiles + "tlsCaKeyFile: " + ca.caKey() + "\nbootstrapAddress: nowhere\n")
        .contains("bootstrapAddress"));
  }

  @Test
  void rateLimitIsOffByDefaultAndEveryMistakeIsNamed() throws Exception {
    String base = "nodeId: n1\ndataDir: " + dir + "\n" + PEERS;
    assertTrue(load(base, Map.of()).validate().rateLimit().unlimited(), "off unless configured");
    RateLimit limit = load(base + "rateLimit: {requestsPerSecond: 2.5}\n", Map.of()).validate().rateLimit();
    assertEquals(2.5, limit.requestsPerSecond());
    assertEquals(3, limit.burst(), "the burst defaults to the rate, rounded up");
    assertEquals(40, load(base + "rateLimit: {requestsPerSecond: 10, burst: 40}\n", Map.of()).validate()
        .rateLimit().burst());
    assertTrue(load(base + "rateLimit: {requestsPerSecond: 0}\n", Map.of()).validate().rateLimit().unlimited());
    assertTrue(failure(base + "rateLimit: {requestsPerSecond: -1}\n").startsWith("rateLimit.requestsPerSecond must be"));
    assertTrue(failure(base + "rateLimit: {requestsPerSecond: 5, burst: 0}\n").startsWith("rateLimit.burst must be"));
    assertTrue(failure(base + "rateLimit: {rps: 5}\n").contains("rps"), "an unknown field is named");

    Main.ServerCommand flags = new Main.ServerCommand();
    picocli.CommandLine cli = new picocli.CommandLine(flags);
    cli.parseArgs("--rate-limit-rps", "7", "--rate-limit-burst", "9");
    RateLimit fromFlags = load(base, flags.overrides()).validate().rateLimit();
    assertEquals(7.0, fromFlags.requestsPerSecond());
    assertEquals(9, fromFlags.burst());
  }
}
