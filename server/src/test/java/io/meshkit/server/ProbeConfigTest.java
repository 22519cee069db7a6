package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code probe:} block of a member and a standalone prober's config: defaults, and one-line refusals. */
class ProbeConfigTest {
  private static final String MEMBER = """
      nodeId: n1
      dataDir: /tmp/unused
      initialCluster:
        - {id: n1, raftAddress: 127.0.0.1:7101, clientAddress: 127.0.0.1:7001}
        - {id: n2, raftAddress: 127.0.0.1:7102, clientAddress: 127.0.0.1:7002}
      """;

  private static ServerConfig.Resolved member(String probe) throws ConfigException {
    return ConfigLoader.parse(MEMBER + probe, ServerConfig.class).validate();
  }

  private static String memberFailure(String probe) {
    return assertThrows(ConfigException.class, () -> member(probe)).getMessage();
  }

  private static String standaloneFailure(String yaml) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, ProbeConfig.class)
        .validateStandalone()).getMessage();
  }

  @Test
  void offWithoutABlockAndDefaultsNamedAfterTheMember() throws Exception {
    assertFalse(member("").probe().isPresent(), "no probe: block, no probes");
    ProbeConfig.Resolved p = member("probe: {}\n").probe().orElseThrow();
    assertEquals(Duration.ofSeconds(10), p.interval());
    assertEquals(Duration.ofSeconds(5), p.timeout());
    assertEquals("meshkit-probe/n1", p.key());
    assertEquals("meshkit-probe/n1", p.scope());
    assertEquals(List.of("127.0.0.1:7001", "127.0.0.1:7002"), p.endpoints(), "the members' client addresses");
    assertFalse(p.relay().isPresent());
  }

  @Test
  void theRelayCheckNeedsItsNamespaceAndKey() throws Exception {
    ProbeConfig.Resolved p = member("""
        probe: {interval: 2s, timeout: 1s, relayUrl: "http://127.0.0.1:8080/", namespace: orders, shardKey: canary}
        """).probe().orElseThrow();
    assertEquals(new ProbeConfig.RelayCheck(URI.create("http://127.0.0.1:8080/"), "orders", "canary"),
        p.relay().orElseThrow());
    assertEquals("probe.shardKey is missing: the relay check needs the canary shard's namespace and key (or remove"
        + " relayUrl)", memberFailure("probe: {relayUrl: \"http://127.0.0.1:8080/\", namespace: orders}\n"));
    for (String url : List.of("127.0.0.1:8080", "ftp://h/", "http:/nohost", "http://a b/")) {
      assertEquals("probe.relayUrl " + url + " is not an http(s) URL with a host: write it like http://127.0.0.1:8080/",
          memberFailure("probe: {relayUrl: \"" + url + "\", namespace: o, shardKey: k}\n"));
    }
    assertTrue(memberFailure("probe: {namespace: orders}\n").startsWith("probe.namespace and shardKey are only used"
        + " with relayUrl"));
  }

  @Test
  void refusalsNameTheFieldAndTheFix() {
    assertEquals("probe.timeout (20s) is longer than interval (10s): a round could outlast the next; shorten timeout"
        + " or lengthen interval", memberFailure("probe: {timeout: 20s}\n"));
    assertEquals("probe.interval must be positive, got 0s", memberFailure("probe: {interval: 0s}\n"));
    assertTrue(memberFailure("probe: {admin: 127.0.0.1:9464}\n").startsWith("probe.admin is only for a standalone"
        + " prober (bin/meshkit probe)"));
    assertTrue(memberFailure("probe: {keyPrefix: \"\"}\n").startsWith("probe.keyPrefix is empty"));
    assertTrue(standaloneFailure("interval: 5s\n").startsWith("endpoints is missing"));
  }

  @Test
  void theProbeCommandRefusesABadSettingWithOneLineAndExitCode2() {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream before = System.err;
    int code;
    try {
      System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
      code = new picocli.CommandLine(new Main()).execute("probe", "--interval", "1s", "--timeout", "2s");
    } finally {
      System.setErr(before);
    }
    assertEquals(2, code);
    assertEquals("meshkit: timeout (2s) is longer than interval (1s): a round could outlast the next; shorten timeout"
        + " or lengthen interval\n", err.toString(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void aStandaloneProberServesMetricsOnItsAdminAddress() throws Exception {
    ProbeConfig.Resolved p = ConfigLoader.parse("endpoints: [127.0.0.1:7001]\nid: edge-1\n", ProbeConfig.class)
        .validateStandalone();
    assertEquals("127.0.0.1:9464", p.admin());
    assertEquals("meshkit-probe/edge-1", p.key());
    assertFalse(p.clusterTls().isPresent());
  }
}
