package io.meshkit.jepsen.cluster;

import io.meshkit.client.MeshkitClient;
import io.meshkit.client.MeshkitClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * MeshKit's server in a node: the jars of {@code server/target} mounted read-only at
 * {@link #SERVER_DIR}, its config and data in the node directory. Timeouts are those of
 * {@code bin/meshkit dev up} (three JVMs and the test share two cores); the low snapshot threshold
 * makes crashed members catch up by snapshot installation as well as by log replay.
 *
 * <p>The cluster's name ({@code clusterName}, its Raft group and its id in a federation) is {@link #PRIMARY}:
 * the suite's cluster is the federation workload's primary; that workload starts its standby as a second
 * cluster of this program renamed ({@link #named}).
 *
 * <p>Every member runs a relay ({@code relay:} in its config) on {@link #RELAY_PORT}, its admin on
 * {@link #RELAY_ADMIN_PORT}, its last known good table under {@code /node/relay}, routing by the
 * {@code x-meshkit-namespace} header; short backend timeouts, so that an owner behind a partition
 * gets the relay's own 502 or 504 within a client's timeout. Measured on an idle cluster it costs
 * about 15 MB of memory, 7 threads and under 1 % of a core per member, so it is always on, and the
 * relay workload can run on any cluster, after any other workload.
 */
public final class MeshkitProgram implements NodeProgram {
  public static final String SERVER_DIR = "/opt/meshkit";
  public static final int CLIENT_PORT = 7001;
  /** The member's admin HTTP server ({@code /healthz}, {@code /control/...}). */
  public static final int ADMIN_PORT = 7201;
  /** The relay inside every member: where clients send HTTP requests to be routed. */
  public static final int RELAY_PORT = 8080;
  /** The relay's admin server ({@code /control/status}: its routing table's revision, whether stale). */
  public static final int RELAY_ADMIN_PORT = 8081;
  /** The suite's cluster's name: its id as the federation workload's primary. */
  public static final String PRIMARY = "eu";
  /** The server's main class: every member's command line names it. */
  static final String MAIN_CLASS = "io.meshkit.server.Main";

  private final String serverJarName;
  private final String clusterName;

  /** @param serverJarName file name of the server jar inside the mounted server/target directory */
  public MeshkitProgram(String serverJarName) {
    this(serverJarName, PRIMARY);
  }

  private MeshkitProgram(String serverJarName, String clusterName) {
    this.serverJarName = serverJarName;
    this.clusterName = clusterName;
  }

  /** The same server as another cluster: {@code clusterName} is its Raft group and its federation id. */
  public MeshkitProgram named(String clusterName) {
    return new MeshkitProgram(serverJarName, clusterName);
  }

  /** The cluster's name (its federation id). */
  public String clusterName() {
    return clusterName;
  }

  @Override
  public int clientPort() {
    return CLIENT_PORT;
  }

  @Override
  public void prepare(Path hostDir, List<NodeAddress> nodes, NodeAddress self) throws IOException {
    String members = nodes.stream()
        .map(n -> "  - {id: " + n.id() + ", raftAddress: " + n.ip() + ":7101, clientAddress: " + n.ip() + ":"
            + CLIENT_PORT + ", adminAddress: " + n.ip() + ":" + ADMIN_PORT + ", gossipAddress: " + n.ip() + ":7301}")
        .collect(Collectors.joining("\n"));
    Files.writeString(hostDir.resolve("config.yaml"), """
        # Member %s of a Jepsen test cluster (written by the jepsen module).
        nodeId: %s
        clusterName: %s
        dataDir: %s/data
        initialCluster:
        %s
        electionTimeoutMin: 1s
        electionTimeoutMax: 2s
        snapshotThreshold: 2000
        relay:
          listen: %s:%d
          admin: %s:%d
          dataDir: %s/relay
          routes: [{header: x-meshkit-namespace}]
          connectTimeout: 1s
          requestTimeout: 2s
        """.formatted(self.id(), self.id(), clusterName, NODE_DIR, members, self.ip(), RELAY_PORT, self.ip(), RELAY_ADMIN_PORT,
        NODE_DIR));
  }

  /** {@code port} on the host of {@code clientEndpoint}: e.g. the relay ({@link #RELAY_PORT}) of that member. */
  public static String onMember(String clientEndpoint, int port) {
    return clientEndpoint.substring(0, clientEndpoint.lastIndexOf(':') + 1) + port;
  }

  @Override
  public String commandLine(NodeAddress self) {
    return NodeImage.javaCommand() + " -Xms64m -Xmx320m -XX:MaxDirectMemorySize=256m -XX:+ExitOnOutOfMemoryError"
        + " -cp '" + SERVER_DIR + "/" + serverJarName + ":" + SERVER_DIR + "/lib/*' "
        + MAIN_CLASS + " server --config " + NODE_DIR + "/config.yaml";
  }

  @Override
  public boolean isHealthy(String endpoint) {
    return healthy(endpoint);
  }

  @Override
  public boolean isLeader(String endpoint) {
    return leads(endpoint);
  }

  /** Whether the MeshKit member at {@code endpoint} serves linearizable requests now (2 s to answer). */
  static boolean healthy(String endpoint) {
    try (MeshkitClient client = probe(endpoint)) {
      return client.health(endpoint).getHealthy();
    } catch (MeshkitClientException e) {
      return false;
    }
  }

  /** Whether the MeshKit member at {@code endpoint} answers that it leads (2 s to answer). */
  static boolean leads(String endpoint) {
    try (MeshkitClient client = probe(endpoint)) {
      return "LEADER".equals(client.memberStatus(endpoint).getRole());
    } catch (MeshkitClientException e) {
      return false;
    }
  }

  private static MeshkitClient probe(String endpoint) {
    return MeshkitClient.builder().endpoints(List.of(endpoint)).callTimeout(Duration.ofSeconds(2)).build();
  }

  @Override
  public String processMarker() {
    return MAIN_CLASS;
  }
}
