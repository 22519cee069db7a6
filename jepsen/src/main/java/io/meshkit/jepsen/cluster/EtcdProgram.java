package io.meshkit.jepsen.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * etcd 3.4 in a node, for the cross-check: the host's {@code /usr/bin/etcd} (Debian's
 * {@code etcd-server}; a static Go binary but for libc, which the node image has) mounted read-only at
 * {@link #BINARY}, its data in the node directory. Peers talk on port 2380, clients on 2379, both on
 * the node's address. The configuration is a file, as MeshKit's is. Heartbeat 100 ms and election timeout 1 s (etcd's defaults are 100 ms / 1 s too,
 * stated here so the cross-check does not drift with the package): comparable to MeshKit's 1-2 s on
 * this loaded two-core machine.
 *
 * <p>The probes use etcd's HTTP endpoints ({@code /health}, and the gRPC gateway's
 * {@code /v3/maintenance/status}) with a two-second timeout, so they need no gRPC client.
 */
public final class EtcdProgram implements NodeProgram {
  /** Where the host installs etcd (Debian's {@code etcd-server}). */
  public static final Path HOST_BINARY = Path.of("/usr/bin/etcd");
  /** Where a node sees the binary. */
  public static final String BINARY = "/opt/etcd/etcd";
  public static final int CLIENT_PORT = 2379;
  public static final int PEER_PORT = 2380;
  private static final String CONFIG_FILE = "etcd.yaml";
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();

  /**
   * The host binary the nodes mount.
   *
   * @throws IllegalStateException with the install command when it is missing
   */
  public static Path hostBinary() {
    if (!Files.isExecutable(HOST_BINARY)) {
      throw new IllegalStateException("etcd is not installed at " + HOST_BINARY
          + ": run 'apt-get install -y etcd-server' for the etcd cross-check");
    }
    return HOST_BINARY;
  }

  @Override
  public int clientPort() {
    return CLIENT_PORT;
  }

  /** Writes {@code etcd.yaml}, etcd's configuration file (etcd then ignores other flags). */
  @Override
  public void prepare(Path hostDir, List<NodeAddress> nodes, NodeAddress self) throws IOException {
    String client = "http://" + self.ip() + ":" + CLIENT_PORT;
    String initialCluster = nodes.stream().map(n -> n.id() + "=" + peerUrl(n)).collect(Collectors.joining(","));
    Files.writeString(hostDir.resolve(CONFIG_FILE), """
        # Member %s of the etcd cross-check cluster (written by the jepsen module).
        name: %s
        data-dir: %s/data
        listen-peer-urls: %s
        initial-advertise-peer-urls: %s
        listen-client-urls: %s
        advertise-client-urls: %s
        initial-cluster: %s
        initial-cluster-state: new
        initial-cluster-token: meshkit-jepsen-etcd
        heartbeat-interval: 100
        election-timeout: 1000
        logger: zap
        log-outputs: [stderr]
        """.formatted(self.id(), self.id(), NODE_DIR, peerUrl(self), peerUrl(self), client, client, initialCluster));
  }

  /** Runs the binary with the node's configuration file; a restart after a crash reuses the data dir. */
  @Override
  public String commandLine(NodeAddress self) {
    return BINARY + " --config-file " + NODE_DIR + "/" + CONFIG_FILE;
  }

  private static String peerUrl(NodeAddress node) {
    return "http://" + node.ip() + ":" + PEER_PORT;
  }

  @Override
  public String processMarker() {
    return BINARY;
  }

  /** etcd's {@code /health}: true when the member has a leader, no alarm, and a read through raft succeeded. */
  @Override
  public boolean isHealthy(String endpoint) {
    return call(HttpRequest.newBuilder(URI.create("http://" + endpoint + "/health")).GET())
        .map(body -> "true".equals(body.path("health").asText()))
        .orElse(false);
  }

  /** Maintenance status: the member leads when the leader it names is itself. */
  @Override
  public boolean isLeader(String endpoint) {
    return call(HttpRequest.newBuilder(URI.create("http://" + endpoint + "/v3/maintenance/status"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")))
        .map(body -> {
          String self = body.path("header").path("member_id").asText("");
          return !self.isEmpty() && self.equals(body.path("leader").asText());
        })
        .orElse(false);
  }

  /** The JSON body of a 200 answer; empty when the member does not answer in time or answers otherwise. */
  private Optional<JsonNode> call(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request.timeout(PROBE_TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
