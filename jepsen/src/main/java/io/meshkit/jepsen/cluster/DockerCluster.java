package io.meshkit.jepsen.cluster;

import com.github.dockerjava.api.model.Capability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;

/**
 * A cluster of nodes in containers on a Docker network of its own, with static addresses in a /24
 * picked at random in 10.200.0.0/16 (clients dial those addresses directly: mapped host ports would
 * survive a node's crash or partition and hide it). Ryuk is off on this engine, so {@link #close()}
 * removes the containers and the network.
 */
public final class DockerCluster implements AutoCloseable {
  private final NodeProgram program;
  private final Network network;
  private final List<ClusterNode> nodes;
  /** Removes the containers when the JVM exits without {@link #close()} (Ctrl-C of bin/jepsen). */
  private final Thread cleanupOnExit = new Thread(this::close, "jepsen-cluster-cleanup");
  private boolean closed;

  private DockerCluster(NodeProgram program, Network network, List<ClusterNode> nodes) {
    this.program = program;
    this.network = network;
    this.nodes = nodes;
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
    List<NodeProgram.NodeAddress> addresses = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      addresses.add(new NodeProgram.NodeAddress("n" + i, prefix + (10 + i)));
    }
    List<ClusterNode> nodes = new ArrayList<>();
    DockerCluster cluster = new DockerCluster(program, network, nodes);
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
      cluster.awaitHealthy(readyTimeout);
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  public List<ClusterNode> nodes() {
    return nodes;
  }

  public NodeProgram program() {
    return program;
  }

  /** host:port of every node, in node order. */
  public List<String> endpoints() {
    return nodes.stream().map(ClusterNode::endpoint).toList();
  }

  /** The node that answers it leads, if one does now. */
  public Optional<ClusterNode> leader() {
    return nodes.stream().filter(n -> program.isLeader(n.endpoint())).findFirst();
  }

  /** Heals every fault on every node (resume, unblock, restart). */
  public void healAll() {
    nodes.forEach(ClusterNode::heal);
  }

  /**
   * Waits until every node reports healthy.
   *
   * @throws IllegalStateException naming the unhealthy nodes and their logs when the timeout passes
   */
  public void awaitHealthy(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<ClusterNode> unhealthy = nodes.stream().filter(n -> !program.isHealthy(n.endpoint())).toList();
      if (unhealthy.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("nodes " + unhealthy + " were not healthy within " + timeout.toSeconds()
            + " s; see server.log under " + unhealthy.get(0).hostDir().getParent());
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
  }

  /** Stops and removes the containers and the network. Node directories stay for inspection. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (Thread.currentThread() != cleanupOnExit) {
      Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
    }
    for (ClusterNode node : nodes) {
      try {
        node.stopContainer();
      } catch (RuntimeException e) {
        System.err.println("jepsen: could not remove the container of " + node.id() + ": " + e.getMessage());
      }
    }
    try {
      network.close();
    } catch (RuntimeException e) {
      System.err.println("jepsen: could not remove the test network: " + e.getMessage());
    }
  }
}
