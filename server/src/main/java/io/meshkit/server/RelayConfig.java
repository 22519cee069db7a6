package io.meshkit.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.meshkit.relay.proxy.RelayProxy;
import io.meshkit.relay.proxy.RouteRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration of a standalone relay ({@code meshkit relay --config relay.yaml}). Every field but
 * {@code endpoints} and {@code routes} has a default; {@link #validate()} checks it and fills them.
 * Durations are written like {@code 5s}.
 *
 * <pre>
 * listen: 127.0.0.1:8080            # where clients connect
 * admin: 127.0.0.1:8081             # /healthz /readyz /metrics /control/routes
 * endpoints: [127.0.0.1:7001, 127.0.0.1:7002, 127.0.0.1:7003]   # the MeshKit cluster
 * dataDir: /var/lib/meshkit-relay   # the last known good routing table
 * routes:                           # namespace rules, first match wins
 *   - {namespace: orders, host: orders.example.com}
 *   - {namespace: users, pathPrefix: /users}
 *   - {header: x-meshkit-namespace}  # the header's value is the namespace
 * keyHeader: x-meshkit-shard-key    # where the shard key is: this header,
 * keyPathSegment: 0                 # else this path segment after the matched prefix (-1: none),
 * keyQuery: key                     # else this query parameter ("" : none)
 * maxConnectionsPerBackend: 64      # requests in flight to one backend (connections, or h2c streams)
 * maxQueuedPerBackend: 1024         # waiting for one of those; beyond: 503 + Retry-After
 * maxBodyBytes: 8388608             # larger request bodies: 413
 * replayBufferBytes: 65536          # bodies up to this are kept to be re-sent after a 421
 * gossip:                           # optional: owners gossip reports dead get a fast 503, and the
 *   address: 127.0.0.1:7950         #   relay's load goes out in its metadata (for the rebalancer)
 *   seeds: [127.0.0.1:7946]         #   the members' gossip addresses
 *   cluster: meshkit                #   the cluster's name (default meshkit)
 *   keyFile: gossip.key             #   the cluster's gossip key, if it has one
 * clusterTls:                       # optional: the members serve TLS (docs/security.md)
 *   caFile: ca.pem                  #   verifies the members
 *   certFile: relay.pem             #   the relay's client certificate, when they require one
 *   keyFile: relay.key              #   its PKCS#8 key
 * tls:                              # optional: serve TLS on listen (ALPN h2, http/1.1) and admin (HTTPS)
 *   certFile: relay.pem             #   the relay's certificate and PKCS#8 key
 *   keyFile: relay.key
 *   caFile: clients-ca.pem          #   verifies client certificates
 *   clientAuth: optional            #   require (default) | optional | none
 *   reloadInterval: 10s             #   how often the files are checked for changes
 * </pre>
 *
 * <p>Inside a server (the {@code relay:} section of its config) {@code endpoints} defaults to the
 * cluster's client addresses and the relay uses the server's gossip and TLS, so {@code gossip},
 * {@code clusterTls} and {@code tls} are refused there.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RelayConfig(String listen, String admin, List<String> endpoints, String dataDir, List<Route> routes,
    String keyHeader, Integer keyPathSegment, String keyQuery, Duration connectTimeout, Duration requestTimeout,
    Duration idleTimeout, Integer maxConnectionsPerBackend, Integer maxQueuedPerBackend, Long maxBodyBytes,
    Integer replayBufferBytes, Gossip gossip, ClusterTls clusterTls, ServingTls tls, Map<String, String> logLevels) {

  /** TLS on the relay's own ports: its certificate and key, the CA of client certificates, the rule, the reload period. */
  public record ServingTls(String certFile, String keyFile, String caFile, String clientAuth, Duration reloadInterval) {}

  /** How the relay reaches members that serve TLS: the CA bundle, and a client certificate and key if required. */
  public record ClusterTls(String caFile, String certFile, String keyFile) {}

  /** {@link ClusterTls}, checked: files that exist; {@code certFile}/{@code keyFile} both or neither (null). */
  public record ClusterTlsFiles(Path caFile, Path certFile, Path keyFile) {
    /** Loads the files, watched for rotation (close the material to stop watching). */
    public io.meshkit.client.TlsMaterial load() throws ConfigException {
      try {
        return io.meshkit.client.TlsMaterial.load(caFile, certFile, keyFile, TlsSettings.DEFAULT_RELOAD, true);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("clusterTls: " + e.getMessage());
      }
    }
  }

  /** One namespace rule: exactly one of host, pathPrefix, header. */
  public record Route(String namespace, String host, String pathPrefix, String header) {}

  /** The relay's own gossip membership: {@code address} and {@code seeds} required. */
  public record Gossip(String address, String advertise, List<String> seeds, String cluster, String keyFile,
      String id) {}

  /** Gossip settings, checked; {@code key} empty = plain gossip. */
  public record GossipSettings(String address, String advertise, List<String> seeds, String cluster, byte[] key,
      String id) {}

  /** A validated config with every default filled in. */
  public record Resolved(String listen, String admin, List<String> endpoints, Path dataDir, RouteRules rules,
      RelayProxy.Settings settings, Optional<GossipSettings> gossip, Optional<ClusterTlsFiles> clusterTls,
      Optional<TlsSettings> tls, Map<String, String> logLevels) {}

  /** @throws ConfigException naming the field, what is wrong, and the fix */
  public Resolved validate() throws ConfigException {
    return validate(List.of());
  }

  /**
   * The relay inside a server: {@code endpoints} defaults to {@code clusterEndpoints}, gossip is the
   * server's; errors name the fields as {@code relay.<field>}.
   */
  public Resolved validateInServer(List<String> clusterEndpoints) throws ConfigException {
    if (gossip != null) {
      throw new ConfigException("relay.gossip is not allowed inside a server: the relay uses the server's own"
          + " gossip; remove it (give the server a gossipAddress instead)");
    }
    if (tls != null) {
      throw new ConfigException("relay.tls is not supported inside a server: an in-server relay serves plaintext on"
          + " its listen address; run a standalone relay (bin/meshkit relay) for TLS there, or remove it");
    }
    if (clusterTls != null) {
      throw new ConfigException("relay.clusterTls is not allowed inside a server: the relay calls the members with"
          + " the server's own TLS (tlsCertFile, tlsKeyFile, tlsCaFile); remove it");
    }
    if (logLevels != null) {
      throw new ConfigException("relay.logLevels is not used inside a server: the relay logs with the member; set "
          + "logLevels on the member instead");
    }
    try {
      return validate(clusterEndpoints);
    } catch (ConfigException e) {
      throw new ConfigException("relay." + e.getMessage());
    }
  }

  private Resolved validate(List<String> defaultEndpoints) throws ConfigException {
    List<String> endpoints = this.endpoints == null || this.endpoints.isEmpty() ? defaultEndpoints : this.endpoints;
    if (endpoints == null || endpoints.isEmpty()) {
      throw new ConfigException("endpoints is missing: list the MeshKit members' client addresses, e.g."
          + " [127.0.0.1:7001, 127.0.0.1:7002, 127.0.0.1:7003]");
    }
    for (String e : endpoints) {
      Addresses.check(e, "endpoints entry");
    }
    if (routes == null || routes.isEmpty()) {
      throw new ConfigException("routes is missing: give at least one namespace rule, e.g."
          + " - {header: x-meshkit-namespace}");
    }
    List<RouteRules.NamespaceRule> rules = new ArrayList<>();
    for (int i = 0; i < routes.size(); i++) {
      Route r = routes.get(i);
      int ways = (blank(r.host()) ? 0 : 1) + (blank(r.pathPrefix()) ? 0 : 1) + (blank(r.header()) ? 0 : 1);
      if (ways != 1) {
        throw new ConfigException("routes[" + i + "] names " + ways + " ways to match; give exactly one of host,"
            + " pathPrefix, header");
      }
      if (blank(r.namespace()) && blank(r.header())) {
        throw new ConfigException("routes[" + i + "] has no namespace; a host or pathPrefix rule must name it");
      }
      if (!blank(r.pathPrefix()) && !r.pathPrefix().startsWith("/")) {
        throw new ConfigException("routes[" + i + "].pathPrefix " + r.pathPrefix() + " must start with /");
      }
      rules.add(new RouteRules.NamespaceRule(text(r.namespace()), text(r.host()), text(r.pathPrefix()),
          text(r.header())));
    }
    String header = keyHeader == null ? RouteRules.DEFAULT_KEY_HEADER : keyHeader;
    int segment = keyPathSegment == null ? -1 : keyPathSegment;
    String query = text(keyQuery);
    if (header.isEmpty() && segment < 0 && query.isEmpty()) {
      throw new ConfigException("no way to find the shard key: set keyHeader, keyPathSegment or keyQuery");
    }
    RelayProxy.Settings d = RelayProxy.Settings.defaults();
    RelayProxy.Settings settings = new RelayProxy.Settings(positive("connectTimeout", connectTimeout,
        d.connectTimeout()), positive("requestTimeout", requestTimeout, d.requestTimeout()),
        positive("idleTimeout", idleTimeout, d.idleTimeout()), atLeastOne("maxConnectionsPerBackend",
            maxConnectionsPerBackend, d.maxConnectionsPerBackend()), (int) atLeast("maxQueuedPerBackend",
            maxQueuedPerBackend, 0, d.maxQueuedPerBackend()), atLeast("maxBodyBytes", maxBodyBytes, 1,
            d.maxBodyBytes()), (int) atLeast("replayBufferBytes", replayBufferBytes, 0, d.replayBufferBytes()));
    String listenAddress = listen == null ? "127.0.0.1:8080" : listen;
    Addresses.check(listenAddress, "listen");
    String adminAddress = admin == null ? "127.0.0.1:8081" : admin;
    if (!adminAddress.isEmpty()) {
      Addresses.check(adminAddress, "admin");
    }
    return new Resolved(listenAddress, adminAddress, List.copyOf(endpoints), Path.of(dataDir == null
        ? ".meshkit-relay" : dataDir), new RouteRules(rules, header, segment, query), settings,
        gossipSettings(listenAddress), clusterTlsFiles(clusterTls), tls == null ? Optional.empty()
        : TlsSettings.of(TlsSettings.Fields.RELAY, tls.certFile(), tls.keyFile(), tls.caFile(), tls.clientAuth(),
            tls.reloadInterval()), LogLevels.validate(logLevels, "logLevels"));
  }

  /** Checks a {@code clusterTls} block (a relay's or a standalone prober's): the files named exist. */
  static Optional<ClusterTlsFiles> clusterTlsFiles(ClusterTls clusterTls) throws ConfigException {
    if (clusterTls == null) {
      return Optional.empty();
    }
    if (blank(clusterTls.caFile())) {
      throw new ConfigException("clusterTls.caFile is missing: the PEM CA bundle that signed the members'"
          + " certificates (or remove clusterTls when the members serve plaintext)");
    }
    if (blank(clusterTls.certFile()) != blank(clusterTls.keyFile())) {
      throw new ConfigException("clusterTls." + (blank(clusterTls.certFile()) ? "certFile" : "keyFile") + " is"
          + " missing: a client certificate needs its key and a key its certificate; give both, or neither");
    }
    for (String[] f : new String[][] {{"caFile", clusterTls.caFile()}, {"certFile", clusterTls.certFile()},
        {"keyFile", clusterTls.keyFile()}}) {
      if (!blank(f[1]) && !java.nio.file.Files.isReadable(Path.of(f[1]))) {
        throw new ConfigException("clusterTls." + f[0] + " " + f[1] + " does not exist or is not readable");
      }
    }
    return Optional.of(new ClusterTlsFiles(Path.of(clusterTls.caFile()), blank(clusterTls.certFile()) ? null
        : Path.of(clusterTls.certFile()), blank(clusterTls.keyFile()) ? null : Path.of(clusterTls.keyFile())));
  }

  private Optional<GossipSettings> gossipSettings(String listenAddress) throws ConfigException {
    if (gossip == null) {
      return Optional.empty();
    }
    if (blank(gossip.address())) {
      throw new ConfigException("gossip.address is missing: the relay's own gossip (UDP) address, e.g."
          + " 127.0.0.1:7950 (or remove the gossip section)");
    }
    Addresses.check(gossip.address(), "gossip.address");
    if (!blank(gossip.advertise())) {
      Addresses.check(gossip.advertise(), "gossip.advertise");
    }
    if (gossip.seeds() == null || gossip.seeds().isEmpty()) {
      throw new ConfigException("gossip.seeds is missing: list the members' gossip addresses, e.g."
          + " [127.0.0.1:7946, 127.0.0.1:7947, 127.0.0.1:7948]");
    }
    for (String seed : gossip.seeds()) {
      Addresses.check(seed, "gossip.seeds entry");
    }
    return Optional.of(new GossipSettings(gossip.address(), blank(gossip.advertise()) ? null : gossip.advertise(),
        List.copyOf(gossip.seeds()), blank(gossip.cluster()) ? "meshkit" : gossip.cluster().strip(),
        blank(gossip.keyFile()) ? null : GossipKeys.read(gossip.keyFile()),
        blank(gossip.id()) ? "relay@" + listenAddress : gossip.id().strip()));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String text(String s) {
    return s == null ? "" : s.strip();
  }

  private static Duration positive(String field, Duration value, Duration fallback) throws ConfigException {
    if (value == null) {
      return fallback;
    }
    if (value.isZero() || value.isNegative()) {
      throw new ConfigException(field + " must be positive, like 5s");
    }
    return value;
  }

  private static int atLeastOne(String field, Integer value, int fallback) throws ConfigException {
    return (int) atLeast(field, value, 1, fallback);
  }

  private static long atLeast(String field, Number value, long min, long fallback) throws ConfigException {
    if (value == null) {
      return fallback;
    }
    if (value.longValue() < min) {
      throw new ConfigException(field + " must be at least " + min + ", got " + value);
    }
    return value.longValue();
  }
}
