package io.meshkit.server;

import io.meshkit.relay.proxy.RelayProxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code meshkit}: the server process entry point. */
@Command(name = "meshkit", mixinStandardHelpOptions = true, version = "meshkit " + ClusterService.VERSION,
    description = "The MeshKit control-plane server.",
    subcommands = {Main.ServerCommand.class, Main.RelayCommand.class, Main.SampleBackendCommand.class,
        Main.ProbeCommand.class, Main.RestoreCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    LogLevels.installConsole();
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** {@code meshkit server}: runs one member until SIGTERM. */
  @Command(name = "server", mixinStandardHelpOptions = true,
      description = {"Runs one member of a MeshKit cluster until SIGTERM.",
          "Settings come from --config (YAML) and can be overridden by flags. Durations are written like 5s."},
      footer = {"", "Example (three members on one machine, first one):",
          "  meshkit server --node-id n1 --data-dir /var/lib/meshkit/n1 \\",
          "    --peer id=n1,raft=127.0.0.1:7101,client=127.0.0.1:7001,admin=127.0.0.1:7201 \\",
          "    --peer id=n2,raft=127.0.0.1:7102,client=127.0.0.1:7002,admin=127.0.0.1:7202 \\",
          "    --peer id=n3,raft=127.0.0.1:7103,client=127.0.0.1:7003,admin=127.0.0.1:7203",
          "", "Exit codes: 0 stopped cleanly, 2 bad configuration, 70 internal failure (see the log)."})
  static final class ServerCommand implements Callable<Integer> {
    @Mixin
    MemberOptions member = new MemberOptions();
    @Option(names = "--client-address", paramLabel = "HOST:PORT", description = "Client gRPC listen address")
    String clientAddress;
    @Option(names = "--raft-address", paramLabel = "HOST:PORT", description = "Raft listen address")
    String raftAddress;
    @Option(names = "--admin-address", paramLabel = "HOST:PORT", description = "Admin HTTP listen address")
    String adminAddress;
    @Option(names = "--gossip-address", paramLabel = "HOST:PORT", description = "Gossip (UDP) listen address; "
        + "default the peer's gossip=; none: no gossip")
    String gossipAddress;
    @Option(names = "--gossip-key-file", paramLabel = "FILE", description = "Base64 of a 16/24/32-byte key "
        + "sealing gossip with AES-GCM; the same on every member (e.g. openssl rand -base64 32 > gossip.key)")
    String gossipKeyFile;
    @Option(names = "--election-timeout-min", paramLabel = "DURATION", description = "Default 1s")
    String electionTimeoutMin;
    @Option(names = "--election-timeout-max", paramLabel = "DURATION", description = "Default 2s")
    String electionTimeoutMax;
    @Option(names = "--request-timeout", paramLabel = "DURATION", description = "Default 5s")
    String requestTimeout;
    @Option(names = "--snapshot-threshold", paramLabel = "ENTRIES", description = "Default 100000")
    Long snapshotThreshold;
    @Option(names = "--snapshot-retention", paramLabel = "N", description = "Default 2")
    Integer snapshotRetention;
    @Option(names = "--max-key-bytes", description = "Default 4096")
    Integer maxKeyBytes;
    @Option(names = "--max-value-bytes", description = "Default 1048576")
    Integer maxValueBytes;
    @Option(names = "--max-txn-ops", description = "Default 128")
    Integer maxTxnOps;
    @Option(names = "--max-request-bytes", description = "Default 3145728; must stay below the Raft entry limit")
    Integer maxRequestBytes;
    @Option(names = "--watch-queue-events", description = "Per-watch queue bound; default 10000")
    Integer watchQueueEvents;
    @Option(names = "--watch-history-revisions", description = "Watch history window; default 100000")
    Long watchHistoryRevisions;
    @Option(names = "--compaction-interval", paramLabel = "DURATION", description = "Default 1m")
    String compactionInterval;
    @Option(names = "--log-segment-bytes", description = "Raft log segment size; default 33554432")
    Long logSegmentBytes;
    @Option(names = "--watch-progress-interval", paramLabel = "DURATION", description = "Default 10s")
    String watchProgressInterval;
    @Option(names = "--ready-max-lag", paramLabel = "ENTRIES", description = "Default 1000")
    Long readyMaxLag;
    @Option(names = "--tls-cert-file", paramLabel = "FILE", description = "This member's PEM certificate chain: "
        + "TLS on the client API, the admin server, the Raft transport and calls to other members (with "
        + "--tls-key-file, --tls-ca-file)")
    String tlsCertFile;
    @Option(names = "--tls-key-file", paramLabel = "FILE", description = "Its private key, PEM PKCS#8 unencrypted")
    String tlsKeyFile;
    @Option(names = "--tls-ca-file", paramLabel = "FILE", description = "PEM CA bundle verifying clients and members")
    String tlsCaFile;
    @Option(names = "--tls-client-auth", paramLabel = "MODE", description = "require (default: mutual TLS), "
        + "optional or none: whether clients must present a certificate signed by the CA bundle")
    String tlsClientAuth;
    @Option(names = "--tls-reload-interval", paramLabel = "DURATION", description = "How often the TLS files are "
        + "checked for changes and reloaded without a restart; default 10s")
    String tlsReloadInterval;
    @Option(names = "--tls-ca-key-file", paramLabel = "FILE", description = "The cluster CA's private key (PEM "
        + "PKCS#8; its certificate must be in --tls-ca-file): this member signs the certificates of joins")
    String tlsCaKeyFile;
    @Option(names = "--bootstrap-address", paramLabel = "HOST:PORT", description = "Serve joins (meshctl bootstrap "
        + "join) here: TLS without client certificates, Join only; needs --tls-ca-key-file. Default: off")
    String bootstrapAddress;
    @Option(names = "--join-certificate-validity", paramLabel = "DURATION", description = "Validity of the "
        + "certificates joins receive; default 90d")
    String joinCertificateValidity;
    @Option(names = "--initial-cluster-state", paramLabel = "new|existing", description = "new (default): form "
        + "the cluster of --peer; existing: join a running cluster and wait for 'meshctl member add'")
    String initialClusterState;
    @Option(names = "--rate-limit-rps", paramLabel = "N", description = "Requests per second each client identity "
        + "may start on this member; default 0 = unlimited (with --rate-limit-burst: replaces the YAML rateLimit)")
    Double rateLimitRps;
    @Option(names = "--rate-limit-burst", paramLabel = "N", description = "Requests an idle identity may send at "
        + "once; default the rate")
    Integer rateLimitBurst;

    @Override
    public Integer call() {
      ServerConfig written;
      ServerConfig.Resolved resolved;
      try {
        written = ConfigLoader.load(member.config, overrides());
        resolved = written.validate();
      } catch (ConfigException | IllegalArgumentException e) {
        System.err.println("meshkit: " + e.getMessage());
        return 2;
      }
      MeshkitServer server;
      try {
        server = MeshkitServer.start(resolved, Main::fatal);
      } catch (ConfigException e) {
        System.err.println("meshkit: " + e.getMessage());
        return 2;
      } catch (Exception e) {
        System.err.println("meshkit: could not start member " + resolved.self().id() + ": " + e.getMessage()
            + startFailureHint(e));
        return 70;
      }
      if (member.config != null) {
        server.watchConfig(member.config, written, () -> {
          ServerConfig next = loadConfig(member.config, overrides(), ServerConfig.class);
          return new ConfigReloader.Loaded<>(next, next.validate());
        }, CONFIG_RELOAD_INTERVAL);
      }
      return runUntilStopped(server);
    }

    Map<String, Object> overrides() {
      Map<String, Object> o = member.overrides();
      put(o, "clientAddress", clientAddress);
      put(o, "raftAddress", raftAddress);
      put(o, "adminAddress", adminAddress);
      put(o, "gossipAddress", gossipAddress);
      put(o, "gossipKeyFile", gossipKeyFile);
      put(o, "electionTimeoutMin", electionTimeoutMin);
      put(o, "electionTimeoutMax", electionTimeoutMax);
      put(o, "requestTimeout", requestTimeout);
      put(o, "snapshotThreshold", snapshotThreshold);
      put(o, "snapshotRetention", snapshotRetention);
      put(o, "maxKeyBytes", maxKeyBytes);
      put(o, "maxValueBytes", maxValueBytes);
      put(o, "maxTxnOps", maxTxnOps);
      put(o, "maxRequestBytes", maxRequestBytes);
      put(o, "watchQueueEvents", watchQueueEvents);
      put(o, "watchHistoryRevisions", watchHistoryRevisions);
      put(o, "compactionInterval", compactionInterval);
      put(o, "logSegmentBytes", logSegmentBytes);
      put(o, "tlsCertFile", tlsCertFile);
      put(o, "tlsKeyFile", tlsKeyFile);
      put(o, "tlsCaFile", tlsCaFile);
      put(o, "tlsClientAuth", tlsClientAuth);
      put(o, "tlsReloadInterval", tlsReloadInterval);
      put(o, "tlsCaKeyFile", tlsCaKeyFile);
      put(o, "bootstrapAddress", bootstrapAddress);
      put(o, "joinCertificateValidity", joinCertificateValidity);
      put(o, "initialClusterState", initialClusterState);
      if (rateLimitRps != null || rateLimitBurst != null) {
        o.put("rateLimit", new RateLimit(rateLimitRps, rateLimitBurst));
      }
      put(o, "watchProgressInterval", watchProgressInterval);
      put(o, "readyMaxLag", readyMaxLag);
      return o;
    }

  }

  private static void put(Map<String, Object> o, String key, Object value) {
    if (value != null) {
      o.put(key, value);
    }
  }

  /** Who a member is and where its data lives: the flags {@code server} and {@code restore} share. */
  static final class MemberOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file")
    Path config;
    @Option(names = "--node-id", description = "This member's id; must be one of the peers")
    String nodeId;
    @Option(names = "--cluster-name", description = "Raft group name shared by all members (default: meshkit)")
    String clusterName;
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the Raft log and RocksDB state live")
    String dataDir;
    @Option(names = {"--peer", "--initial-cluster"}, paramLabel = "id=ID,raft=H:P,client=H:P,admin=H:P[,gossip=H:P]",
        description = "A member of the initial cluster; repeat once per member (replaces initialCluster)")
    List<String> peers;

    /** These flags as config overrides (only those given). */
    Map<String, Object> overrides() {
      Map<String, Object> o = new LinkedHashMap<>();
      put(o, "nodeId", nodeId);
      put(o, "clusterName", clusterName);
      put(o, "dataDir", dataDir);
      if (peers != null) {
        List<PeerConfig> list = new ArrayList<>();
        for (String p : peers) {
          list.add(PeerConfig.parseFlag(p));
        }
        o.put("initialCluster", list);
      }
      return o;
    }
  }

  /** {@code meshkit restore}: prepares a new member's data dir from a snapshot file. */
  @Command(name = "restore", mixinStandardHelpOptions = true,
      description = {"Prepares the data dir of one member of a NEW cluster from a snapshot file (meshctl snapshot "
          + "save): every key, revision, registry entry, lease and election of the snapshot, and a fresh Raft log. "
          + "Run it once per member, with that member's flags (or --config), then start every member with "
          + "'meshkit server' and the same flags; new writes get revisions above the snapshot's.",
          "The file is verified (format, SHA-256) before anything is written; a data dir that is not empty is "
              + "refused."},
      footer = {"", "Examples:",
          "  meshkit restore --snapshot backup.snap --node-id n1 --data-dir /data/n1 \\",
          "    --peer id=n1,raft=10.0.0.1:7101,client=10.0.0.1:7001,admin=10.0.0.1:7201 \\",
          "    --peer id=n2,raft=10.0.0.2:7101,client=10.0.0.2:7001,admin=10.0.0.2:7201 \\",
          "    --peer id=n3,raft=10.0.0.3:7101,client=10.0.0.3:7001,admin=10.0.0.3:7201",
          "  meshkit restore --snapshot backup.snap --config n2.yaml",
          "", "Exit codes: 0 restored, 2 bad arguments, a corrupt or truncated snapshot or a data dir in use,",
          "  70 internal failure."})
  static final class RestoreCommand implements Callable<Integer> {
    @Option(names = "--snapshot", required = true, paramLabel = "FILE", description = "The snapshot file")
    Path snapshot;
    @Mixin
    MemberOptions options = new MemberOptions();

    @Override
    public Integer call() {
      ServerConfig.Resolved member;
      try {
        member = ConfigLoader.load(options.config, options.overrides()).validate();
      } catch (ConfigException | IllegalArgumentException e) {
        System.err.println("meshkit: " + e.getMessage());
        return 2;
      }
      Path dir = member.raft().dataDir();
      try {
        MemberRestore.Restored done = MemberRestore.restore(snapshot, dir);
        var header = done.snapshot().header();
        System.out.println("restored member " + member.self().id() + " of cluster " + member.raft().clusterName()
            + " into " + dir + ": revision " + header.getRevision() + ", " + done.records() + " records (snapshot of "
            + "cluster " + header.getClusterName() + ", member " + header.getMemberId() + ", SHA-256 "
            + done.snapshot().sha256Hex() + ")");
        System.out.println("next: restore the other members from the same file, then start each with "
            + "'meshkit server' and the same flags");
        return 0;
      } catch (ConfigException | io.meshkit.client.snapshot.SnapshotFormatException e) {
        System.err.println("meshkit: " + e.getMessage());
        return 2;
      } catch (java.nio.file.NoSuchFileException e) {
        System.err.println("meshkit: no such snapshot file: " + e.getFile());
        return 2;
      } catch (Exception e) {
        System.err.println("meshkit: restore into " + dir + " failed (nothing kept): " + e.getMessage()
            + startFailureHint(e));
        return 70;
      }
    }
  }

  /** What an operator can do about a failed start, for causes with a known fix; else "". */
  static String startFailureHint(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UnsatisfiedLinkError) {
        return " (hint: RocksDB unpacks its native library into java.io.tmpdir="
            + System.getProperty("java.io.tmpdir") + "; it must be writable and not mounted noexec,"
            + " or start with -Djava.io.tmpdir=<another dir>)";
      }
    }
    return "";
  }

  /** An internal failure stopped the state machine: this process must not keep serving. */
  static void fatal(Throwable t) {
    System.err.println("meshkit: FATAL internal failure, stopping: " + t);
    Runtime.getRuntime().halt(70);
  }

  /** How a command starts what it runs. */
  @FunctionalInterface
  interface Start<T extends AutoCloseable> {
    T start() throws Exception;
  }

  /**
   * Starts {@code what} and serves until SIGTERM (exit 0); a bad configuration exits 2 with its one-line
   * message, any other failure to start 70. {@code started} is the line printed once it runs.
   */
  static <T extends AutoCloseable> int serve(String what, Start<T> start, Function<T, String> started) {
    T running;
    try {
      running = start.start();
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("meshkit: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      System.err.println("meshkit: could not start " + what + ": " + e.getMessage());
      return 70;
    }
    System.err.println("meshkit: " + started.apply(running));
    return runUntilStopped(running);
  }

  /** Serves until SIGTERM, then closes {@code running}; exit code 0. */
  /** How often a running member or relay looks at its config file for changes (ConfigReloader). */
  static final java.time.Duration CONFIG_RELOAD_INTERVAL = java.time.Duration.ofSeconds(5);

  /** {@link ConfigLoader#load(Path, Map, Class)}, every failure a {@link ConfigException}. */
  static <T> T loadConfig(Path file, Map<String, Object> overrides, Class<T> type) throws ConfigException {
    try {
      return ConfigLoader.load(file, overrides, type);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  static int runUntilStopped(AutoCloseable running) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        running.close();
      } catch (Exception e) {
        System.err.println("meshkit: stopping failed: " + e.getMessage());
      }
      stopped.countDown();
    }, "meshkit-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** {@code meshkit relay}: a standalone relay until SIGTERM. */
  @Command(name = "relay", mixinStandardHelpOptions = true,
      description = {"Runs a relay: an HTTP proxy that routes each request by its namespace and shard key to the "
          + "shard owner's data endpoint, from a routing table kept current from the cluster (docs/relay.md).",
          "Settings come from --config (YAML): listen, admin, endpoints, dataDir, routes, keyHeader, "
              + "keyPathSegment, keyQuery, timeouts, per-backend limits, gossip. Durations are written like 5s.",
          "Clients may speak HTTP/1.1 or h2c; a node endpoint written h2c://host:port is reached over h2c."},
      footer = {"", "Example relay.yaml:",
          "  endpoints: [127.0.0.1:7001, 127.0.0.1:7002, 127.0.0.1:7003]",
          "  routes:",
          "    - {header: x-meshkit-namespace}",
          "", "Exit codes: 0 stopped cleanly, 2 bad configuration, 70 internal failure."})
  static final class RelayCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", required = true, description = "YAML config file")
    Path config;

    @Override
    public Integer call() {
      RelayProxy.leakDetectionOffUnlessAsked();
      return serve("the relay", () -> {
        RelayConfig written = ConfigLoader.load(config, Map.of(), RelayConfig.class);
        RelayConfig.Resolved resolved = written.validate();
        LogLevels.apply(resolved.logLevels());
        RelayProcess relay = RelayProcess.start(resolved);
        relay.watchConfig(new ConfigReloader<>(config, new ConfigReloader.Loaded<>(written, resolved), () -> {
          RelayConfig next = loadConfig(config, Map.of(), RelayConfig.class);
          return new ConfigReloader.Loaded<>(next, next.validate());
        }, Map.of("logLevels", c -> LogLevels.apply(c.logLevels())), relay.meters()).start(CONFIG_RELOAD_INTERVAL));
        return relay;
      }, relay -> "relay listening on port " + relay.port());
    }
  }

  /** {@code meshkit sample-backend}: a data node serving the shards its node owns, until SIGTERM. */
  @Command(name = "sample-backend", mixinStandardHelpOptions = true,
      description = {"Runs a sample data node for trying a relay: it answers requests for the shards the registry "
          + "says node --node owns (JSON naming node, shard, epoch, revision) and 421 Misdirected Request for the "
          + "others, as a real owner does after a handoff (docs/relay.md, \"End to end\")."},
      footer = {"", "Example:",
          "  meshctl nodes register b1 --endpoint 127.0.0.1:9001",
          "  bin/meshkit sample-backend --node b1 --listen 127.0.0.1:9001",
          "", "Exit codes: 0 stopped cleanly, 2 bad arguments, 70 internal failure."})
  static final class SampleBackendCommand implements Callable<Integer> {
    @Option(names = "--node", required = true, paramLabel = "ID", description = "The registered node it serves as")
    String node;

    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT",
        description = "Where it serves (the node's data endpoint)")
    String listen;

    @Option(names = "--endpoints", split = ",", paramLabel = "HOST:PORT",
        defaultValue = "127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003",
        description = "The cluster's client addresses (default: the dev quorum's)")
    List<String> endpoints;

    @Override
    public Integer call() {
      return serve("the sample backend", () -> SampleBackend.start(node, listen, endpoints),
          backend -> "sample backend " + node + " listening on port " + backend.port());
    }
  }
  /** {@code meshkit probe}: a standalone synthetic prober until SIGTERM. */
  @Command(name = "probe", mixinStandardHelpOptions = true,
      description = {"Runs synthetic probes against a cluster (docs/operations.md, \"Synthetic probes\"): every"
          + " interval it writes and reads back a canary key, campaigns on a canary election scope and resigns, and, with"
          + " --relay-url, resolves a canary shard key through a relay; success, failures by reason and latency go"
          + " to /metrics on --admin.",
          "Settings come from --config (YAML, the fields of a member's probe: block plus endpoints, admin,"
              + " clusterTls) and flags, which win. Durations are written like 5s."},
      footer = {"", "Examples:",
          "  meshkit probe --endpoints 127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003",
          "  meshkit probe --config probe.yaml --admin 127.0.0.1:9464",
          "  meshkit probe --relay-url http://127.0.0.1:8080/ --namespace orders \\",
          "    --shard-key canary",
          "", "Exit codes: 0 stopped cleanly, 2 bad configuration, 70 internal failure."})
  static final class ProbeCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file")
    Path config;
    @Option(names = "--endpoints", split = ",", paramLabel = "HOST:PORT",
        description = "The members' client addresses (default: the dev quorum's)")
    List<String> endpoints;
    @Option(names = "--admin", paramLabel = "HOST:PORT", description = "Where /metrics is served; default "
        + "127.0.0.1:9464")
    String admin;
    @Option(names = "--interval", paramLabel = "DURATION", description = "Between rounds; default 10s")
    String interval;
    @Option(names = "--timeout", paramLabel = "DURATION", description = "For each call; default 5s")
    String timeout;
    @Option(names = "--id", description = "Names the canary key and scope; default probe")
    String id;
    @Option(names = "--relay-url", paramLabel = "URL", description = "A relay's listen URL: resolve a canary shard "
        + "through it")
    String relayUrl;
    @Option(names = "--namespace", description = "The canary shard's namespace (with --relay-url)")
    String namespace;
    @Option(names = "--shard-key", paramLabel = "KEY", description = "The canary shard key (with --relay-url)")
    String shardKey;

    @Override
    public Integer call() {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("endpoints", endpoints != null ? endpoints : config == null
          ? List.of("127.0.0.1:7001", "127.0.0.1:7002", "127.0.0.1:7003") : null);
      o.put("admin", admin);
      o.put("interval", interval);
      o.put("timeout", timeout);
      o.put("id", id);
      o.put("relayUrl", relayUrl);
      o.put("namespace", namespace);
      o.put("shardKey", shardKey);
      o.values().removeIf(java.util.Objects::isNull);
      return serve("the prober", () -> ProbeProcess.start(ConfigLoader.load(config, o, ProbeConfig.class)
          .validateStandalone()), probe -> "probing; metrics on port " + probe.adminPort());
    }
  }
}
