package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.proto.v1.PolicyViolation;
import io.meshkit.proto.v1.TransportPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each violation a configuration can have, named by its setting, from YAML through the real loader. */
class TransportPolicyCheckTest {
  private static final TransportPolicy TLS = TransportPolicy.newBuilder().setRequireTls(true).build();
  private static final TransportPolicy H2_ONLY = TransportPolicy.newBuilder().addClientProtocols("h2").build();
  private static final String MEMBER = "nodeId: n1\ndataDir: d\n";
  private static final String RELAY = "endpoints: [127.0.0.1:7001]\nroutes: [{header: x-ns}]\n";
  private static final String CLUSTER_TLS = "clusterTls: {caFile: ca.pem, certFile: r.pem, keyFile: r.key}\n";
  private static final String SERVING_TLS = "tls: {certFile: r.pem, keyFile: r.key, caFile: ca.pem}\n";

  private static List<String> member(TransportPolicy policy, String yaml) throws ConfigException {
    return settings(TransportPolicyCheck.member(policy, ConfigLoader.parse(yaml, ServerConfig.class)));
  }

  private static List<String> relay(TransportPolicy policy, String yaml) throws ConfigException {
    return settings(TransportPolicyCheck.relay(policy, ConfigLoader.parse(yaml, RelayConfig.class)));
  }

  private static List<String> settings(List<PolicyViolation> violations) {
    violations.forEach(v -> assertTrue(!v.getProblem().isEmpty() && !v.getFix().isEmpty(), v.toString()));
    return violations.stream().map(PolicyViolation::getSetting).toList();
  }

  @Test
  void theEmptyPolicyAllowsEverything() throws Exception {
    TransportPolicy none = TransportPolicy.getDefaultInstance();
    assertEquals(List.of(), member(none, MEMBER + "relay: {routes: [{header: x}]}\n"));
    assertEquals(List.of(), relay(none, RELAY));
  }

  @Test
  void requiredTlsNamesTheMembersCertificateAndItsRelay() throws Exception {
    assertEquals(List.of("tlsCertFile"), member(TLS, MEMBER));
    assertEquals(List.of(), member(TLS, MEMBER + "tlsCertFile: m.pem\ntlsKeyFile: m.key\ntlsCaFile: ca.pem\n"));
    assertEquals(List.of("relay.listen"), member(TLS, MEMBER + "tlsCertFile: m.pem\nrelay: {routes: [{header: x}]}\n"));
  }

  @Test
  void requiredTlsNamesARelaysClusterAndServingTls() throws Exception {
    assertEquals(List.of("clusterTls", "tls"), relay(TLS, RELAY));
    assertEquals(List.of("tls"), relay(TLS, RELAY + CLUSTER_TLS));
    assertEquals(List.of("clusterTls"), relay(TLS, RELAY + SERVING_TLS));
    assertEquals(List.of(), relay(TLS, RELAY + CLUSTER_TLS + SERVING_TLS));
  }

  @Test
  void aListenPortThatCanSpeakNoAllowedProtocolIsNamed() throws Exception {
    assertEquals(List.of("listen"), relay(H2_ONLY, RELAY));
    assertEquals(List.of(), relay(H2_ONLY, RELAY + SERVING_TLS));
    TransportPolicy h2cOnly = TransportPolicy.newBuilder().addClientProtocols("h2c").build();
    assertEquals(List.of(), relay(h2cOnly, RELAY));
    assertEquals(List.of("listen"), relay(h2cOnly, RELAY + SERVING_TLS));
    assertEquals(List.of("relay.listen"), member(H2_ONLY, MEMBER + "relay: {routes: [{header: x}]}\n"));
  }

  @Test
  void textThatIsNoConfigIsRefusedNamingTheField() {
    ConfigException unknown = assertThrows(ConfigException.class, () -> relay(TLS, RELAY + "listenPort: 1\n"));
    assertTrue(unknown.getMessage().contains("unknown config field 'listenPort'"), unknown.getMessage());
    ConfigException notYaml = assertThrows(ConfigException.class, () -> relay(TLS, "endpoints: [\n"));
    assertTrue(notYaml.getMessage().startsWith("the config is not valid YAML"), notYaml.getMessage());
  }
}
