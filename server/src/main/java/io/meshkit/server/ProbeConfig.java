package io.meshkit.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Synthetic probes ({@link ProbeRunner}): a member's {@code probe:} block, or the whole config of a
 * standalone prober ({@code bin/meshkit probe --config probe.yaml}). Absent from a member's config: off.
 *
 * <pre>
 * interval: 10s                  # between the starts of two rounds
 * timeout: 5s                    # for each call of a check
 * id: n1                         # names the canary key and scope; default the member's id ("probe" standalone)
 * keyPrefix: meshkit-probe/      # the canary key is keyPrefix + id, overwritten every round
 * scope: meshkit-probe/n1        # the canary election scope; default keyPrefix + id
 * relayUrl: http://127.0.0.1:8080/   # optional: resolve a canary shard through this relay
 * namespace: orders              #   sent as x-meshkit-namespace (needs a header rule in the relay's routes)
 * shardKey: canary               #   sent as x-meshkit-shard-key
 * # standalone only:
 * endpoints: [127.0.0.1:7001, 127.0.0.1:7002, 127.0.0.1:7003]
 * admin: 127.0.0.1:9464          # /metrics and /healthz
 * clusterTls: {caFile: ca.pem, certFile: probe.pem, keyFile: probe.key}
 * </pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProbeConfig(Duration interval, Duration timeout, String id, String keyPrefix, String scope,
    String relayUrl, String namespace, String shardKey, List<String> endpoints, String admin,
    RelayConfig.ClusterTls clusterTls) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final String DEFAULT_KEY_PREFIX = "meshkit-probe/";

  /** The relay check: the URL requests go to, the namespace and shard key they name. */
  public record RelayCheck(URI url, String namespace, String shardKey) {}

  /**
   * A validated prober.
   *
   * @param key the canary key (one per prober, overwritten each round: the keyspace does not grow)
   * @param admin where a standalone prober serves /metrics ("" inside a member: the member's own /metrics)
   */
  public record Resolved(Duration interval, Duration timeout, String id, String key, String scope,
      Optional<RelayCheck> relay, List<String> endpoints, String admin,
      Optional<RelayConfig.ClusterTlsFiles> clusterTls) {}

  /** Inside member {@code nodeId}: calls the members at {@code clusterEndpoints}; errors say {@code probe.<field>}. */
  public Resolved validateInServer(String nodeId, List<String> clusterEndpoints) throws ConfigException {
    for (String[] f : new String[][] {{"endpoints", endpoints == null ? null : ""}, {"admin", admin},
        {"clusterTls", clusterTls == null ? null : ""}}) {
      if (f[1] != null) {
        throw new ConfigException("probe." + f[0] + " is only for a standalone prober (bin/meshkit probe): inside a"
            + " member the probes call the members with the member's own TLS and export on its /metrics; remove it");
      }
    }
    try {
      return validate(nodeId, clusterEndpoints, "", Optional.empty());
    } catch (ConfigException e) {
      throw new ConfigException("probe." + e.getMessage());
    }
  }

  /** A standalone prober: {@code endpoints} is required, {@code admin} defaults to 127.0.0.1:9464. */
  public Resolved validateStandalone() throws ConfigException {
    if (endpoints == null || endpoints.isEmpty()) {
      throw new ConfigException("endpoints is missing: list the MeshKit members' client addresses, e.g."
          + " [127.0.0.1:7001, 127.0.0.1:7002, 127.0.0.1:7003]");
    }
    for (String e : endpoints) {
      Addresses.check(e, "endpoints entry");
    }
    String adminAddress = admin == null ? "127.0.0.1:9464" : admin;
    Addresses.check(adminAddress, "admin");
    return validate("probe", endpoints, adminAddress, RelayConfig.clusterTlsFiles(clusterTls));
  }

  private Resolved validate(String defaultId, List<String> clusterEndpoints, String adminAddress,
      Optional<RelayConfig.ClusterTlsFiles> tls) throws ConfigException {
    Duration every = positive("interval", interval, DEFAULT_INTERVAL);
    Duration callTimeout = positive("timeout", timeout, DEFAULT_TIMEOUT);
    if (callTimeout.compareTo(every) > 0) {
      throw new ConfigException("timeout (" + DurationText.format(callTimeout) + ") is longer than interval ("
          + DurationText.format(every) + "): a round could outlast the next; shorten timeout or lengthen interval");
    }
    String prober = blank(id) ? defaultId : id;
    String prefix = keyPrefix == null ? DEFAULT_KEY_PREFIX : keyPrefix;
    if (prefix.isEmpty()) {
      throw new ConfigException("keyPrefix is empty: canary keys need a prefix of their own (default "
          + DEFAULT_KEY_PREFIX + ") so a role can grant exactly them");
    }
    Optional<RelayCheck> relay = Optional.empty();
    if (!blank(relayUrl)) {
      URI url;
      try {
        url = URI.create(relayUrl);
      } catch (IllegalArgumentException e) {
        url = URI.create("invalid:x");
      }
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
        throw new ConfigException("relayUrl " + relayUrl + " is not an http(s) URL with a host: write it like"
            + " http://127.0.0.1:8080/");
      }
      if (blank(namespace) || blank(shardKey)) {
        throw new ConfigException((blank(namespace) ? "namespace" : "shardKey") + " is missing: the relay check needs"
            + " the canary shard's namespace and key (or remove relayUrl)");
      }
      relay = Optional.of(new RelayCheck(url, namespace, shardKey));
    } else if (!blank(namespace) || !blank(shardKey)) {
      throw new ConfigException("namespace and shardKey are only used with relayUrl: set relayUrl to a relay's"
          + " listen address, or remove them");
    }
    return new Resolved(every, callTimeout, prober, prefix + prober, blank(scope) ? prefix + prober : scope, relay,
        List.copyOf(clusterEndpoints), adminAddress, tls);
  }

  private static Duration positive(String field, Duration value, Duration fallback) throws ConfigException {
    if (value == null) {
      return fallback;
    }
    if (value.isNegative() || value.isZero()) {
      throw new ConfigException(field + " must be positive, got " + DurationText.format(value));
    }
    return value;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
