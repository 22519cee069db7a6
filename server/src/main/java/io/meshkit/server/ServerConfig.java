package io.meshkit.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.meshkit.raft.CommandLimits;
import io.meshkit.raft.RaftMember;
import io.meshkit.raft.RaftNodeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration of one server process, as read from YAML ({@code --config node.yaml}) and
 * overridden by flags. Every field may be omitted; {@link #validate()} fills defaults and checks it.
 * Durations are written like {@code 5s}. Field names are the YAML keys; flags are the kebab-case of
 * the same names ({@code electionTimeoutMin} ↔ {@code --election-timeout-min}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerConfig(
    /* Member id; must appear in initialCluster. */
    String nodeId,
    /* Name of the Raft group; every member of one cluster uses the same. Default "meshkit". */
    String clusterName,
    /* Where this member keeps its Raft log and RocksDB state. */
    String dataDir,
    /* Members at bootstrap: id, raftAddress, clientAddress, adminAddress. */
    List<PeerConfig> initialCluster,
    /* Overrides of this member's own addresses; default: its initialCluster entry. */
    String clientAddress,
    String raftAddress,
    String adminAddress,
    /* This member's gossip (UDP) address; default its initialCluster entry's gossipAddress (none: no gossip). */
    String gossipAddress,
    /* File holding the gossip key, base64 of 16, 24 or 32 bytes; every member needs the same. None: plain gossip. */
    String gossipKeyFile,
    Duration electionTimeoutMin,
    Duration electionTimeoutMax,
    Duration requestTimeout,
    Long snapshotThreshold,
    Integer snapshotRetention,
    Integer maxKeyBytes,
    Integer maxValueBytes,
    Integer maxTxnOps,
    Integer maxRequestBytes,
    Integer watchQueueEvents,
    Long watchHistoryRevisions,
    Duration compactionInterval,
    /* Raft log segment size in bytes; closed segments are purged after a snapshot. Default 32 MiB. */
    Long logSegmentBytes,
    Duration watchProgressInterval,
    /* /readyz fails while the applied index trails the commit index by more than this. */
    Long readyMaxLag,
    /* A relay inside this member (RelayConfig; endpoints default to the members' client addresses). */
    RelayConfig relay,
    /* TLS (TlsSettings): this member's certificate chain and PKCS#8 key (PEM), the CA bundle that verifies
       clients and members, whether clients must show a certificate (require|optional|none; default
       require), how often the files are checked for changes (default 10s). None set: plaintext. */
    String tlsCertFile,
    String tlsKeyFile,
    String tlsCaFile,
    String tlsClientAuth,
    Duration tlsReloadInterval,
    /* Per-identity request rate limit on the client API (RateLimit); default off. */
    RateLimit rateLimit,
    /* Bootstrap joins (BootstrapConfig): the cluster CA's private key (PEM PKCS#8; its certificate must be in
       tlsCaFile) with which this member signs joiners' certificates; the address of its bootstrap port (TLS
       without client certificates, serving only Join; none: off); how long issued certificates are valid
       (default 90d). */
    String tlsCaKeyFile,
    String bootstrapAddress,
    Duration joinCertificateValidity,
    /* "new" (default): initialCluster is the cluster to form. "existing": this member joins a running
       cluster; it starts with no configuration until `meshctl member add` adds it, and initialCluster
       holds itself and the members it contacts. A restarted member uses its stored configuration. */
    String initialClusterState,
    /* Synthetic probes (ProbeConfig): canary KV, election and relay checks exported on /metrics; none: off. */
    ProbeConfig probe,
    /* Logger name prefix -> error|warn|info|debug|trace|off ("root" for every logger), over LogLevels.DEFAULTS.
       Reloaded from the config file while the member runs (ConfigReloader). */
    Map<String, String> logLevels) {

  /** A validated config with every default filled in. */
  public record Resolved(RaftNodeConfig raft, PeerConfig self, List<PeerConfig> members,
      Duration watchProgressInterval, long readyMaxLag, byte[] gossipKey, Optional<RelayConfig.Resolved> relay,
      Optional<TlsSettings> tls, RateLimit rateLimit, BootstrapConfig bootstrap, Optional<ProbeConfig.Resolved> probe,
      Map<String, String> logLevels) {

    /** Gossip addresses of the other members that run gossip: this member's seeds. */
    public List<String> gossipSeeds() {
      return members.stream().filter(p -> !p.id().equals(self.id()) && !p.gossipAddress().isEmpty())
          .map(PeerConfig::gossipAddress).toList();
    }
  }

  /** Checks the config and fills defaults; the message of a failure names the field and the fix. */
  public Resolved validate() throws ConfigException {
    require(nodeId, "nodeId", "set nodeId (flag --node-id) to this member's id, e.g. n1");
    require(dataDir, "dataDir", "set dataDir (flag --data-dir) to a writable directory");
    if (initialCluster == null || initialCluster.isEmpty()) {
      throw new ConfigException("initialCluster is empty: list every member (flag --peer "
          + "id=n1,raft=127.0.0.1:7101,client=127.0.0.1:7001,admin=127.0.0.1:7201, once per member)");
    }
    Set<String> ids = new HashSet<>();
    Set<String> addresses = new HashSet<>();
    Map<String, PeerConfig> raftPeers = new LinkedHashMap<>();
    for (PeerConfig p : initialCluster) {
      require(p.id(), "initialCluster[].id", "give every member an id");
      if (!ids.add(p.id())) {
        throw new ConfigException("member id '" + p.id() + "' appears twice in initialCluster: ids must be unique");
      }
      Addresses.check(p.raftAddress(), "raftAddress of member " + p.id());
      Addresses.check(p.clientAddress(), "clientAddress of member " + p.id());
      for (String a : List.of(p.raftAddress(), p.clientAddress())) {
        if (!addresses.add(a)) {
          throw new ConfigException("address " + a + " is used twice in initialCluster: every member needs its own "
              + "raft and client ports");
        }
      }
      raftPeers.put(p.id(), p);
    }
    Optional<PeerConfig> own = initialCluster.stream().filter(p -> p.id().equals(nodeId)).findFirst();
    if (own.isEmpty()) {
      throw new ConfigException("node id '" + nodeId + "' is not in initialCluster " + ids
          + ": add it, or fix nodeId");
    }
    PeerConfig self = new PeerConfig(nodeId,
        raftAddress != null ? raftAddress : own.get().raftAddress(),
        clientAddress != null ? clientAddress : own.get().clientAddress(),
        adminAddress != null ? adminAddress : own.get().adminAddress(),
        gossipAddress != null ? gossipAddress : own.get().gossipAddress());
    raftPeers.put(nodeId, self);
    Addresses.check(self.raftAddress(), "raftAddress");
    Addresses.check(self.clientAddress(), "clientAddress");
    if (!self.adminAddress().isEmpty()) {
      Addresses.check(self.adminAddress(), "adminAddress");
    }
    if (!self.gossipAddress().isEmpty()) {
      Addresses.check(self.gossipAddress(), "gossipAddress");
    }
    CommandLimits limits = new CommandLimits(
        positive(maxKeyBytes, CommandLimits.DEFAULTS.maxKeyBytes(), "maxKeyBytes"),
        positive(maxValueBytes, CommandLimits.DEFAULTS.maxValueBytes(), "maxValueBytes"),
        positive(maxTxnOps, CommandLimits.DEFAULTS.maxTxnOps(), "maxTxnOps"),
        positive(maxRequestBytes, CommandLimits.DEFAULTS.maxCommandBytes(), "maxRequestBytes"));
    if (limits.maxCommandBytes() > 64 << 20) {
      throw new ConfigException("maxRequestBytes " + limits.maxCommandBytes() + " is above 64 MiB: lower it");
    }
    Duration min = or(electionTimeoutMin, RaftNodeConfig.DEFAULT_ELECTION_TIMEOUT_MIN);
    Duration max = or(electionTimeoutMax, RaftNodeConfig.DEFAULT_ELECTION_TIMEOUT_MAX);
    if (min.compareTo(max) >= 0 || min.isZero() || min.isNegative()) {
      throw new ConfigException("electionTimeoutMin (" + DurationText.format(min) + ") must be positive and below "
          + "electionTimeoutMax (" + DurationText.format(max) + ")");
    }
    RaftNodeConfig raft;
    try {
      raft = new RaftNodeConfig(or(clusterName, "meshkit"), nodeId, raftPeers.values().stream()
          .map(p -> new RaftMember(p.id(), p.raftAddress(), p.clientAddress(), p.adminAddress())).toList(),
          joinsExisting(), Path.of(dataDir), min, max,
          or(requestTimeout, RaftNodeConfig.DEFAULT_REQUEST_TIMEOUT),
          positive(snapshotThreshold, RaftNodeConfig.DEFAULT_SNAPSHOT_THRESHOLD, "snapshotThreshold"),
          positive(snapshotRetention, RaftNodeConfig.DEFAULT_SNAPSHOT_RETENTION, "snapshotRetention"),
          limits,
          positive(watchQueueEvents, RaftNodeConfig.DEFAULT_WATCH_QUEUE_EVENTS, "watchQueueEvents"),
          positive(watchHistoryRevisions, RaftNodeConfig.DEFAULT_WATCH_HISTORY_REVISIONS, "watchHistoryRevisions"),
          or(compactionInterval, RaftNodeConfig.DEFAULT_COMPACTION_INTERVAL),
          positive(logSegmentBytes, RaftNodeConfig.DEFAULT_LOG_SEGMENT_BYTES, "logSegmentBytes"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    List<PeerConfig> members = initialCluster.stream().map(p -> p.id().equals(nodeId) ? self : p).toList();
    Optional<TlsSettings> tls = TlsSettings.of(tlsCertFile, tlsKeyFile, tlsCaFile, tlsClientAuth, tlsReloadInterval);
    return new Resolved(raft, self, members, or(watchProgressInterval, Duration.ofSeconds(10)),
        positive(readyMaxLag, 1000L, "readyMaxLag"), GossipKeys.read(gossipKeyFile),
        relay == null ? Optional.empty() : Optional.of(relay.validateInServer(members.stream()
            .map(PeerConfig::clientAddress).toList())),
        tls, rateLimit == null ? RateLimit.off() : rateLimit.validate(),
        BootstrapConfig.of(tlsCaKeyFile, bootstrapAddress, joinCertificateValidity, tls),
        probe == null ? Optional.empty() : Optional.of(probe.validateInServer(nodeId, members.stream()
            .map(PeerConfig::clientAddress).toList())),
        LogLevels.validate(logLevels, "logLevels"));
  }

  /** Whether initialClusterState asks to join a running cluster. */
  private boolean joinsExisting() throws ConfigException {
    String state = or(initialClusterState, "new");
    return switch (state) {
      case "new" -> false;
      case "existing" -> true;
      default -> throw new ConfigException("initialClusterState '" + state + "' is not known: use new (form the "
          + "cluster in initialCluster) or existing (join a running cluster, then `meshctl member add`)");
    };
  }

  private static void require(String value, String field, String fix) throws ConfigException {
    if (value == null || value.isBlank()) {
      throw new ConfigException(field + " is missing: " + fix);
    }
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }

  private static int positive(Integer value, int fallback, String field) throws ConfigException {
    if (value == null) {
      return fallback;
    }
    if (value <= 0) {
      throw new ConfigException(field + " must be positive, got " + value);
    }
    return value;
  }

  private static long positive(Long value, long fallback, String field) throws ConfigException {
    if (value == null) {
      return fallback;
    }
    if (value <= 0) {
      throw new ConfigException(field + " must be positive, got " + value);
    }
    return value;
  }
}
