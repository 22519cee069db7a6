package io.meshkit.jepsen.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The database a node runs: MeshKit's server, or etcd for the cross-check. The same nemeses act on
 * either, since they only need its process and its network namespace.
 */
public interface NodeProgram {
  /** The port clients dial on every node's address. */
  int clientPort();

  /**
   * Writes what the program needs into the node's host directory (mounted at {@link #NODE_DIR} in
   * the container) before its first start.
   *
   * @param nodes every node of the cluster, in order; {@code self} is one of them
   */
  void prepare(Path hostDir, List<NodeAddress> nodes, NodeAddress self) throws IOException;

  /** The command line (for {@code sh -c}) that runs the program in the foreground inside the node. */
  String commandLine(NodeAddress self);

  /** A string found in the program's {@code /proc/<pid>/cmdline} and in no other process of the node. */
  String processMarker();

  /**
   * Whether the node at {@code endpoint} serves linearizable requests now; false when it does not
   * answer within a second or two.
   */
  boolean isHealthy(String endpoint);

  /** Whether the node at {@code endpoint} answers that it is the leader; false when it does not answer. */
  boolean isLeader(String endpoint);

  /** Where each node's own host directory (config, data, log) is mounted. */
  String NODE_DIR = "/node";

  /** One node's name and address on the cluster network. */
  record NodeAddress(String id, String ip) {}
}
