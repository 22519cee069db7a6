package io.meshkit.server;

import io.meshkit.raft.NodeStatus;
import io.meshkit.raft.RaftNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-JVM cluster of real members: real Ratis servers on loopback ports, real RocksDB in per-member
 * directories, real gRPC. Every integration test uses it, through {@link #run} (which prints the
 * cluster's state when the test fails and always shuts the cluster down) or {@link #start}.
 *
 * <p>Members are addressed by index (0-based). {@link #stop(int)} closes a member as a crash would
 * look to its peers; {@link #restart(int)} brings it back on the same ports and data.
 */
public final class MiniCluster implements AutoCloseable {
  static {
    LogLevels.installConsole();  // one line per record, Ratis and gRPC from warn up, as a member process logs
  }

  /** Settings a test may change; everything else is the production default. */
  public record Options(long snapshotThreshold, long watchHistoryRevisions, Duration compactionInterval,
      int watchQueueEvents, String clusterName, Tls tls, java.nio.file.Path gossipKey,
      java.util.function.IntFunction<Extras> extras) {
    /** Optional parts of member {@code i}'s config: a relay inside it, probes (null: none). */
    public record Extras(RelayConfig relay, ProbeConfig probe) {
      static final Extras NONE = new Extras(null, null);
    }

    /**
     * Every member's TLS files (one certificate for all: it names 127.0.0.1), clientAuth, reload interval;
     * with {@code caKey} (the CA's PKCS#8 key) every member signs joins and serves a bootstrap port.
     */
    public record Tls(java.nio.file.Path cert, java.nio.file.Path key, java.nio.file.Path ca, String clientAuth,
        Duration reload, java.nio.file.Path caKey) {
      public Tls(java.nio.file.Path cert, java.nio.file.Path key, java.nio.file.Path ca, String clientAuth,
          Duration reload) {
        this(cert, key, ca, clientAuth, reload, null);
      }

      /** These files, and the CA's key: members sign joins and serve bootstrap ports. */
      public Tls withJoins(java.nio.file.Path caKeyFile) {
        return new Tls(cert, key, ca, clientAuth, reload, caKeyFile);
      }
    }

    public static Options defaults() {
      return new Options(100_000, 100_000, Duration.ofMinutes(1), 10_000, "minicluster", null, null,
          i -> Extras.NONE);
    }

    public Options withTls(Tls files) {
      return new Options(snapshotThreshold, watchHistoryRevisions, compactionInterval, watchQueueEvents, clusterName,
          files, gossipKey, extras);
    }

    public Options withSnapshotThreshold(long entries) {
      return new Options(entries, watchHistoryRevisions, compactionInterval, watchQueueEvents, clusterName, tls,
          gossipKey, extras);
    }

    public Options withWatchHistory(long revisions, Duration interval) {
      return new Options(snapshotThreshold, revisions, interval, watchQueueEvents, clusterName, tls, gossipKey, extras);
    }

    /** The Raft group's name: also the cluster's id in a federation. */
    public Options withClusterName(String name) {
      return new Options(snapshotThreshold, watchHistoryRevisions, compactionInterval, watchQueueEvents, name, tls,
          gossipKey, extras);
    }

    /** Member {@code i} also gets {@code extras.apply(i)}: a relay inside it, probes. */
    public Options withExtras(java.util.function.IntFunction<Extras> perMember) {
      return new Options(snapshotThreshold, watchHistoryRevisions, compactionInterval, watchQueueEvents, clusterName,
          tls, gossipKey, perMember);
    }

    /** Every member seals gossip with the key in {@code file} (base64, as gossipKeyFile takes it). */
    public Options withGossipKey(java.nio.file.Path file) {
      return new Options(snapshotThreshold, watchHistoryRevisions, compactionInterval, watchQueueEvents, clusterName,
          tls, file, extras);
    }
  }

  /** Prepares the members' data directories before they first start (e.g. restores a snapshot into them). */
  @FunctionalInterface
  public interface DataDirs {
    void prepare(List<PeerConfig> peers, List<Path> dataDirs) throws Exception;
  }

  /** A test body run against a cluster. */
  @FunctionalInterface
  public interface Body {
    void accept(MiniCluster cluster) throws Exception;
  }

  private final Path baseDir;
  private final Options options;
  private final List<PeerConfig> peers;
  /** Members 0 .. initialSize-1 form the cluster; the others are spares that start to join it. */
  private final int initialSize;
  private final MeshkitServer[] servers;
  private final List<Throwable> fatalFailures = new CopyOnWriteArrayList<>();

  /** Each member's bootstrap port address, when members serve joins (Tls.caKey); else empty. */
  private final List<String> bootstrapAddresses;

  private MiniCluster(Path baseDir, Options options, List<PeerConfig> peers, int initialSize)
      throws java.io.IOException {
    this.baseDir = baseDir;
    this.options = options;
    this.peers = peers;
    this.initialSize = initialSize;
    this.servers = new MeshkitServer[peers.size()];
    this.bootstrapAddresses = options.tls() == null || options.tls().caKey() == null ? List.of()
        : FreePorts.distinct(peers.size()).stream().map(p -> "127.0.0.1:" + p).toList();
  }

  /** Starts {@code size} members under {@code baseDir} and waits for a leader. */
  public static MiniCluster start(int size, Path baseDir) throws Exception {
    return start(size, baseDir, Options.defaults());
  }

  public static MiniCluster start(int size, Path baseDir, Options options) throws Exception {
    return start(size, baseDir, options, (peers, dirs) -> {});
  }

  /** {@link #start(int, Path, Options)}, with {@code prepare} run on the data dirs before any member starts. */
  public static MiniCluster start(int size, Path baseDir, Options options, DataDirs prepare) throws Exception {
    return startWithSpares(size, 0, baseDir, options, prepare);
  }

  /**
   * Starts {@code size} members and reserves ports for {@code spares} more (indexes size ..
   * size+spares-1), not started: {@link #restart} starts a spare with initialClusterState existing,
   * waiting to be added with {@code Cluster.AddMember}.
   */
  public static MiniCluster startWithSpares(int size, int spares, Path baseDir, Options options) throws Exception {
    return startWithSpares(size, spares, baseDir, options, (peers, dirs) -> {});
  }

  private static MiniCluster startWithSpares(int size, int spares, Path baseDir, Options options, DataDirs prepare)
      throws Exception {
    // Ports are picked free and bound a moment later: another process can take one in between.
    // Such a start is retried on fresh ports rather than failing the test.
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnFreshPorts(size, spares, baseDir.resolve("attempt-" + attempt), options, prepare);
      } catch (ConfigException e) {
        if (attempt >= 5 || !e.getMessage().contains("is not available")) {
          throw e;
        }
      }
    }
  }

  private static MiniCluster startOnFreshPorts(int size, int spares, Path baseDir, Options options,
      DataDirs prepare) throws Exception {
    List<PeerConfig> peers = FreePorts.peers("n", size + spares);
    MiniCluster cluster = new MiniCluster(baseDir, options, peers, size);
    try {
      List<Path> dirs = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        dirs.add(cluster.dataDir(i));
      }
      prepare.prepare(peers, dirs);
      for (int i = 0; i < size; i++) {
        cluster.restart(i);
      }
      cluster.awaitLeader(Duration.ofSeconds(60));
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** Runs {@code body} on a new cluster; on failure prints every member's state; always closes. */
  public static void run(int size, Path baseDir, Options options, Body body) throws Exception {
    run(size, baseDir, options, (peers, dirs) -> {}, body);
  }

  /** {@link #run(int, Path, Options, Body)} on members whose data dirs {@code prepare} filled first. */
  public static void run(int size, Path baseDir, Options options, DataDirs prepare, Body body) throws Exception {
    try (MiniCluster cluster = start(size, baseDir, options, prepare)) {
      try {
        body.accept(cluster);
        cluster.assertNoFatalFailure();
      } catch (Exception | Error e) {
        System.err.println("MiniCluster state at failure:\n" + cluster.describe());
        throw e;
      }
    }
  }


  public int size() {
    return peers.size();
  }

  /** "127.0.0.1:port" of each member's client API, in member order. */
  public List<String> clientEndpoints() {
    return peers.stream().map(PeerConfig::clientAddress).toList();
  }

  public String clientEndpoint(int i) {
    return peers.get(i).clientAddress();
  }

  public String adminEndpoint(int i) {
    return peers.get(i).adminAddress();
  }

  /** Member {@code i}'s bootstrap port (TLS without client certificates, Join only); members need Tls.caKey. */
  public String bootstrapEndpoint(int i) {
    return bootstrapAddresses.get(i);
  }

  /** Member {@code i}'s Raft transport address. */
  public String raftEndpoint(int i) {
    return peers.get(i).raftAddress();
  }

  public Path dataDir(int i) {
    return baseDir.resolve(peers.get(i).id());
  }

  public MeshkitServer server(int i) {
    if (servers[i] == null) {
      throw new IllegalStateException("member " + i + " is stopped");
    }
    return servers[i];
  }

  public RaftNode node(int i) {
    return server(i).node();
  }

  public boolean isRunning(int i) {
    return servers[i] != null;
  }

  /** Closes member {@code i}; its peers see it vanish. */
  public void stop(int i) {
    if (servers[i] != null) {
      servers[i].close();
      servers[i] = null;
    }
  }

  /** (Re)starts member {@code i} on its ports and data directory; a spare starts to join the cluster. */
  public void restart(int i) throws Exception {
    if (servers[i] != null) {
      throw new IllegalStateException("member " + i + " is already running");
    }
    Options.Tls tls = options.tls();
    Options.Extras extras = options.extras().apply(i);
    boolean spare = i >= initialSize;
    List<PeerConfig> initialCluster = new java.util.ArrayList<>(peers.subList(0, initialSize));
    if (spare) {
      initialCluster.add(peers.get(i));
    }
    ServerConfig config = new ServerConfig(peers.get(i).id(), options.clusterName(), dataDir(i).toString(),
        initialCluster,
        null, null, null, null, options.gossipKey() == null ? null : options.gossipKey().toString(), null, null, null,
        options.snapshotThreshold(), 2, null, null, null, null,
        options.watchQueueEvents(), options.watchHistoryRevisions(), options.compactionInterval(),
        options.snapshotThreshold() < 1000 ? 16L * 1024 : null, Duration.ofSeconds(1), null, extras.relay(),
        tls == null ? null : tls.cert().toString(), tls == null ? null : tls.key().toString(),
        tls == null ? null : tls.ca().toString(), tls == null ? null : tls.clientAuth(), tls == null ? null : tls.reload(),
        null, tls == null || tls.caKey() == null ? null : tls.caKey().toString(),
        bootstrapAddresses.isEmpty() ? null : bootstrapAddresses.get(i), null, spare ? "existing" : null, extras.probe(), null);
    servers[i] = MeshkitServer.start(config.validate(), fatalFailures::add);
  }

  /** Waits until every running member agrees on one leader; returns its index. */
  public int awaitLeader(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      int leader = agreedLeader();
      if (leader >= 0) {
        return leader;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no leader agreed within " + timeout + ":\n" + describe());
  }

  /** The index of the leader every running member names, or -1. */
  private int agreedLeader() {
    String leaderId = null;
    for (int i = 0; i < servers.length; i++) {
      if (servers[i] == null || servers[i].node().members().empty()) {
        continue;  // stopped, or a spare not added yet
      }
      NodeStatus s = servers[i].node().status();
      if (!s.hasLeader() || (leaderId != null && !leaderId.equals(s.leaderId()))) {
        return -1;
      }
      leaderId = s.leaderId();
    }
    for (int i = 0; i < peers.size(); i++) {
      if (peers.get(i).id().equals(leaderId) && servers[i] != null
          && "LEADER".equals(servers[i].node().status().role())) {
        return i;
      }
    }
    return -1;
  }

  /** Waits until member {@code i} has applied at least {@code index}. */
  public void awaitApplied(int i, long index, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (node(i).status().appliedIndex() < index) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("member " + i + " did not apply index " + index + " within " + timeout + ":\n"
            + describe());
      }
      Thread.sleep(50);
    }
  }

  /** Internal failures that stopped a member's state machine. */
  public List<Throwable> fatalFailures() {
    return Collections.unmodifiableList(fatalFailures);
  }

  public void assertNoFatalFailure() {
    if (!fatalFailures.isEmpty()) {
      AssertionError e = new AssertionError("a member hit an internal failure: " + fatalFailures.get(0));
      fatalFailures.forEach(e::addSuppressed);
      throw e;
    }
  }

  /** One line per member: id, role, term, leader, commit/applied/snapshot index. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < peers.size(); i++) {
      out.append("  ").append(peers.get(i).id()).append(' ');
      if (servers[i] == null) {
        out.append("STOPPED\n");
        continue;
      }
      try {
        NodeStatus s = servers[i].node().status();
        out.append(Map.of("role", s.role(), "term", s.term(), "leader", s.leaderId(), "commit", s.commitIndex(),
            "applied", s.appliedIndex(), "snapshot", s.snapshotIndex())).append('\n');
      } catch (RuntimeException e) {
        out.append("status failed: ").append(e).append('\n');
      }
    }
    return out.toString();
  }

  @Override
  public void close() {
    for (int i = 0; i < servers.length; i++) {
      try {
        stop(i);
      } catch (RuntimeException e) {
        System.err.println("closing member " + i + " failed: " + e);
      }
    }
  }
}
