package io.meshkit.jepsen.cluster;

import com.github.dockerjava.api.model.Capability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;

/**
 * A cluster of nodes in containers on a Docker network of its own, with static addresses in a /24
 * picked at random in 10.200.0.0/16 (clients dial those addresses directly: mapped host ports would
 * survive a node's crash or partition and hide it). Ryuk is off on this engine, so {@link #close()}
 * removes the containers and the network.
 *
 * <p>A second cluster can run on the same network ({@link #startPeer}: the federation workload's
 * standby, its own Raft group): while it runs it is one of this cluster's {@link #peers()}, which the
 * nemeses that act between clusters use; closing it removes its containers, not the network.
 */
public final class DockerCluster implements TestCluster<ClusterNode>, AutoCloseable {
  /** This cluster's node {@code i} (from 1) has address {@code prefix + (FIRST_HOST + i)}. */
  private static final int FIRST_HOST = 10;
  private final NodeProgram program;
  /** The program's binaries on the host, mounted read-only at {@link #mountPoint} in every node. */
  private final Path programDir;
  private final String mountPoint;
  private final Network network;
  /** The network's /24 prefix, e.g. {@code "10.200.7."}. */
  private final String prefix;
  /** Container names start with it. */
  private final String name;
  /** The cluster whose network this one runs on, or null when the network is this cluster's own. */
  private final DockerCluster host;
  private final List<ClusterNode> nodes;
  private final List<DockerCluster> peers = new CopyOnWriteArrayList<>();
  /** Removes the containers when the JVM exits without {@link #close()} (Ctrl-C of bin/jepsen). */
  private final Thread cleanupOnExit = new Thread(this::close, "jepsen-cluster-cleanup");
  private boolean closed;

  private DockerCluster(NodeProgram program, Path programDir, String mountPoint, Network network, String prefix,
      String name, DockerCluster host) {
    this.program = program;
    this.programDir = programDir;
    this.mountPoint = mountPoint;
    this.network = network;
    this.prefix = prefix;
    this.name = name;
    this.host = host;
    this.nodes = new ArrayList<>();
    Runtime.getRuntime().addShutdownHook(cleanupOnExit);
  }

  /**
   * Starts {@code size} nodes running {@code program} and waits until every node is healthy.
   *
   * @param programDir host directory mounted read-only at {@code mountPoint} in every node (the
   *     program's binaries)
   * @param workDir host directory that receives one sub-directory per node (config, data, log)
   */
  public static DockerCluster start(NodeProgram program, int size, Path programDir, String mountPoint, Path workDir,
      Duration readyTimeout) throws IOException, InterruptedException {
    NodeImage.ensure();
    int third = ThreadLocalRandom.current().nextInt(1, 255);
    String prefix = "10.200." + third + ".";
    // Names say whose they are, for `docker ps` and for cleaning up after a killed run.
    String name = "meshkit-jepsen-" + ProcessHandle.current().pid() + "-" + third;
    Network network = Network.builder()
        .createNetworkCmdModifier(cmd -> cmd.withName(name)
            .withIpam(new com.github.dockerjava.api.model.Network.Ipam()
                .withConfig(new com.github.dockerjava.api.model.Network.Ipam.Config().withSubnet(prefix + "0/24"))))
        .build();
    DockerCluster cluster = new DockerCluster(program, programDir, mountPoint, network, prefix, name, null);
    cluster.startNodes("n", size, FIRST_HOST, workDir, readyTimeout);
    return cluster;
  }

  /**
   * Starts a second cluster on this cluster's network: {@code size} nodes {@code idPrefix}1.. at
   * addresses {@code firstHost + 1}.. of this network's /24 (this cluster's own nodes are at
   * {@value #FIRST_HOST} + 1..), running {@code peerProgram} (its own cluster: another Raft group) from
   * this cluster's program directory; waits until every node is healthy. It is one of {@link #peers()}
   * until closed.
   *
   * @param workDir host directory that receives one sub-directory per node (config, data, log)
   */
  public DockerCluster startPeer(NodeProgram peerProgram, String idPrefix, int size, int firstHost, Path workDir,
      Duration readyTimeout) throws IOException, InterruptedException {
    if (firstHost <= FIRST_HOST + nodes.size() || firstHost + size > 250) {
      throw new IllegalArgumentException("a peer's addresses must lie above this cluster's (." + (FIRST_HOST + 1)
          + "..." + (FIRST_HOST + nodes.size()) + ") and below .250, got ." + (firstHost + 1));
    }
    DockerCluster peer = new DockerCluster(peerProgram, programDir, mountPoint, network, prefix, name, this);
    peer.startNodes(idPrefix, size, firstHost, workDir, readyTimeout);
    peers.add(peer);
    return peer;
  }

  private void startNodes(String idPrefix, int size, int firstHost, Path workDir, Duration readyTimeout)
      throws IOException, InterruptedException {
    List<NodeProgram.NodeAddress> addresses = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      addresses.add(new NodeProgram.NodeAddress(idPrefix + i, prefix + (firstHost + i)));
    }
    try {
      for (NodeProgram.NodeAddress address : addresses) {
        Path hostDir = workDir.resolve(address.id()).toAbsolutePath();
        Files.createDirectories(hostDir);
        program.prepare(hostDir, addresses, address);
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(NodeImage.NAME))
            .withImagePullPolicy(image -> false)
            .withNetwork(network)
            .withNetworkAliases(address.id())
            .withCommand("sleep", "infinity")
            .withFileSystemBind(programDir.toAbsolutePath().toString(), mountPoint, BindMode.READ_ONLY)
            .withFileSystemBind(hostDir.toString(), NodeProgram.NODE_DIR, BindMode.READ_WRITE)
            // RocksDB unpacks its JNI library into /tmp and loads it from there: exec is needed.
            .withTmpFs(Map.of("/tmp", "rw,exec"))
            .withCreateContainerCmdModifier(cmd -> {
              cmd.withIpv4Address(address.ip()).withHostName(address.id()).withName(name + "-" + address.id());
              cmd.getHostConfig().withInit(true).withCapAdd(Capability.NET_ADMIN);
            });
        container.start();
        nodes.add(new ClusterNode(address, program, container, hostDir));
      }
      nodes.forEach(ClusterNode::startProgram);
      awaitHealthy(readyTimeout);
    } catch (IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public List<ClusterNode> nodes() {
    return nodes;
  }

  public NodeProgram program() {
    return program;
  }

  /** The clusters started on this cluster's network with {@link #startPeer} and not closed yet. */
  @Override
  public List<DockerCluster> peers() {
    return List.copyOf(peers);
  }

  /**
   * Stops and removes the containers, then the peers' (see {@link #peers()}) and the network unless this
   * is a peer, which leaves the network to its host. Node directories stay for inspection. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (Thread.currentThread() != cleanupOnExit) {
      try {
        Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting: the hook runs (or ran) this anyway
      }
    }
    peers.forEach(DockerCluster::close);
    for (ClusterNode node : nodes) {
      try {
        node.stopContainer();
      } catch (RuntimeException e) {
        System.err.println("jepsen: could not remove the container of " + node.id() + ": " + e.getMessage());
      }
    }
    if (host != null) {
      host.peers.remove(this);
      return;
    }
    try {
      network.close();
    } catch (RuntimeException e) {
      System.err.println("jepsen: could not remove the test network: " + e.getMessage());
    }
  }
}
