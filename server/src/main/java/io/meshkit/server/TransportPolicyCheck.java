package io.meshkit.server;

import io.meshkit.access.policy.TransportProtocols;
import io.meshkit.proto.v1.PolicyViolation;
import io.meshkit.proto.v1.TransportPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Which settings of a member's or relay's configuration a {@link TransportPolicy} does not allow.
 * Pure: the same policy and configuration always give the same violations, in the same order; each
 * names the YAML key, the problem and the fix.
 *
 * <p>What a configuration decides and is therefore checked here: whether a member serves TLS
 * ({@code tlsCertFile}), whether a standalone relay reaches the members over TLS ({@code clusterTls})
 * and serves it ({@code tls}), and so which protocols a relay's listen port can speak (cleartext:
 * http1.1 and h2c; TLS: h2 and http1.1) — a port that can speak none the policy allows is a violation.
 * What a request decides (its protocol, its encoding) is enforced at run time, not here.
 */
final class TransportPolicyCheck {
  private static final List<String> CLEARTEXT_PROTOCOLS = List.of(TransportProtocols.HTTP1, TransportProtocols.H2C);
  private static final List<String> TLS_PROTOCOLS = List.of(TransportProtocols.H2, TransportProtocols.HTTP1);

  private TransportPolicyCheck() {}

  /** A member: {@code tls} whether it serves TLS, {@code relay} whether it has a {@code relay:} section. */
  static List<PolicyViolation> member(TransportPolicy policy, boolean tls, boolean relay) {
    List<PolicyViolation> found = new ArrayList<>();
    if (policy.getRequireTls() && !tls) {
      found.add(violation("tlsCertFile", "the member serves its client API, admin server and Raft port in plaintext,"
          + " and the policy requires TLS", "set tlsCertFile, tlsKeyFile and tlsCaFile (docs/security.md)"));
    }
    if (relay) {
      // An in-server relay calls the members with the member's TLS and serves plaintext on its listen port.
      if (policy.getRequireTls()) {
        found.add(violation("relay.listen", "the member's relay serves plaintext HTTP, and the policy requires TLS",
            "run the relay standalone with tls: (bin/meshkit relay), or remove the relay section"));
      }
      listenProtocols(policy, false, "relay.listen", found);
    }
    return found;
  }

  /** A member's configuration as written. */
  static List<PolicyViolation> member(TransportPolicy policy, ServerConfig config) {
    return member(policy, config.tlsCertFile() != null && !config.tlsCertFile().isBlank(), config.relay() != null);
  }

  /** A member's configuration as it runs. */
  static List<PolicyViolation> member(TransportPolicy policy, ServerConfig.Resolved config) {
    return member(policy, config.tls().isPresent(), config.relay().isPresent());
  }

  /** A standalone relay's configuration as written. */
  static List<PolicyViolation> relay(TransportPolicy policy, RelayConfig relay) {
    return relay(policy, relay.clusterTls() != null, relay.tls() != null);
  }

  /** A relay as it runs: in a member ({@code inServer}, checked with the member), or standalone. */
  static List<PolicyViolation> relay(TransportPolicy policy, RelayConfig.Resolved relay, boolean inServer) {
    return inServer ? List.of() : relay(policy, relay.clusterTls().isPresent(), relay.tls().isPresent());
  }

  /** A standalone relay: whether it calls the members over TLS, whether it serves TLS. */
  private static List<PolicyViolation> relay(TransportPolicy policy, boolean clusterTls, boolean serves) {
    List<PolicyViolation> found = new ArrayList<>();
    if (policy.getRequireTls()) {
      if (!clusterTls) {
        found.add(violation("clusterTls", "the relay calls the members in plaintext, and the policy requires TLS",
            "add clusterTls: {caFile: ca.pem, certFile: relay.pem, keyFile: relay.key}"));
      }
      if (!serves) {
        found.add(violation("tls", "the relay serves plaintext HTTP on its listen and admin ports, and the policy"
            + " requires TLS", "add tls: {certFile: relay.pem, keyFile: relay.key, caFile: ca.pem}"));
      }
    }
    listenProtocols(policy, serves, "listen", found);
    return found;
  }

  private static void listenProtocols(TransportPolicy policy, boolean tls, String setting,
      List<PolicyViolation> found) {
    List<String> allowed = policy.getClientProtocolsList();
    List<String> spoken = tls ? TLS_PROTOCOLS : CLEARTEXT_PROTOCOLS;
    if (!allowed.isEmpty() && spoken.stream().noneMatch(allowed::contains)) {
      found.add(violation(setting, "the relay speaks " + String.join(" and ", spoken) + " to clients"
          + (tls ? " over TLS" : " in cleartext") + ", and the policy's client_protocols allow only "
          + String.join(", ", allowed), tls ? "allow h2 or http1.1 in client_protocols"
              : "serve TLS (tls:) for h2, or allow http1.1 or h2c in client_protocols"));
    }
  }

  private static PolicyViolation violation(String setting, String problem, String fix) {
    return PolicyViolation.newBuilder().setSetting(setting).setProblem(problem).setFix(fix).build();
  }
}
