package io.meshkit.perf.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Three etcd members on loopback, from the host's {@code etcd} binary (Debian's {@code etcd-server},
 * 3.4): default durability (every WAL append fsync'd), heartbeat 100 ms and election timeout 1 s
 * (etcd's defaults, stated so the comparison does not drift with the package). Ready when every
 * member's {@code /health} says true.
 */
public final class EtcdCluster extends ProcessCluster {
  /** Where Debian installs etcd. */
  public static final Path BINARY = Path.of("/usr/bin/etcd");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final String version;

  private EtcdCluster(MemberProcesses members, List<String> clientEndpoints, String version) {
    super(members, clientEndpoints);
    this.version = version;
  }

  /** Starts three members with data under {@code dir} and waits until all are healthy. */
  public static EtcdCluster start(Path dir) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException("etcd is not installed at " + BINARY
          + ": run 'apt-get install -y etcd-server' (bin/perf compare installs it when it may)");
    }
    Files.createDirectories(dir);
    List<Integer> ports = LoopbackPorts.distinct(6);
    List<String> ids = List.of("e1", "e2", "e3");
    List<String> clients = new ArrayList<>();
    List<String> peerUrls = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      clients.add("127.0.0.1:" + ports.get(2 * i));
      peerUrls.add("http://127.0.0.1:" + ports.get(2 * i + 1));
    }
    String initialCluster = java.util.stream.IntStream.range(0, 3).mapToObj(i -> ids.get(i) + "=" + peerUrls.get(i))
        .collect(Collectors.joining(","));
    MemberProcesses members = new MemberProcesses(dir, ids);
    EtcdCluster cluster = new EtcdCluster(members, clients, version());
    try {
      for (int i = 0; i < 3; i++) {
        String client = "http://" + clients.get(i);
        members.start(i, List.of(BINARY.toString(), "--name", ids.get(i),
            "--data-dir", dir.resolve(ids.get(i)).toString(),
            "--listen-peer-urls", peerUrls.get(i), "--initial-advertise-peer-urls", peerUrls.get(i),
            "--listen-client-urls", client, "--advertise-client-urls", client,
            "--initial-cluster", initialCluster, "--initial-cluster-state", "new",
            "--initial-cluster-token", "meshkit-perf",
            "--heartbeat-interval", "100", "--election-timeout", "1000",
            "--logger", "zap", "--log-outputs", "stderr", "--log-level", "warn"));
      }
      members.awaitReady(cluster::ready, START_TIMEOUT);
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The first line of {@code etcd --version}. */
  private static String version() throws IOException, InterruptedException {
    return ToolVersion.of(BINARY, "--version");
  }

  /** {@code /health}: a leader, no alarm, and a read through Raft succeeded. */
  @Override
  public boolean ready(int i) {
    return HttpProbe.get("http://" + clientEndpoints().get(i) + "/health")
        .map(body -> body.contains("\"health\":\"true\"")).orElse(false);
  }

  /** The gRPC gateway's maintenance status: the member leads when it names itself; its applied index. */
  @Override
  public java.util.Optional<RaftProgress> progress(int i) {
    return HttpProbe.post("http://" + clientEndpoints().get(i) + "/v3/maintenance/status", "{}").flatMap(body -> {
      try {
        com.fasterxml.jackson.databind.JsonNode status = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        String self = status.path("header").path("member_id").asText("");
        return java.util.Optional.of(new RaftProgress(!self.isEmpty() && self.equals(status.path("leader").asText()),
            status.path("raftAppliedIndex").asLong(status.path("raftIndex").asLong())));
      } catch (java.io.IOException unreadable) {
        return java.util.Optional.empty();
      }
    });
  }

  @Override
  public String system() {
    return "etcd";
  }

  @Override
  public String description() {
    return version + ": 3 processes, WAL fsync on, heartbeat 100 ms, election timeout 1 s";
  }

}
