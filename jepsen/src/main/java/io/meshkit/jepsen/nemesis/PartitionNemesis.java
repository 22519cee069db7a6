package io.meshkit.jepsen.nemesis;

import io.meshkit.jepsen.cluster.ClusterNode;
import io.meshkit.jepsen.cluster.DockerCluster;
import io.meshkit.jepsen.cluster.TestCluster;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Network partitions: each node drops packets from the nodes it must not see (iptables in its own
 * network namespace, both directions). Clients are never cut off; they talk to every node, as in
 * Jepsen.
 */
public final class PartitionNemesis implements Nemesis {
  /** The shape of the partition. */
  public enum Shape {
    /** Shuffled nodes split into a minority and a majority. */
    RANDOM_HALVES("partition-halves"),
    /** The current leader alone against the rest. */
    ISOLATE_LEADER("partition-leader"),
    /**
     * Every node sees a majority, but no two nodes see the same one: one bridge node sees everyone,
     * the others are split in two groups that cannot see each other (with three nodes this is the
     * majorities ring: n1-n2-n3 without the n1-n3 link).
     */
    MAJORITY_RING("partition-ring");

    private final String cliName;

    Shape(String cliName) {
      this.cliName = cliName;
    }
  }

  private final Shape shape;

  public PartitionNemesis(Shape shape) {
    this.shape = shape;
  }

  @Override
  public String name() {
    return shape.cliName;
  }

  @Override
  public String fault(TestCluster<?> cluster, Random random) {
    DockerCluster containers = containers(cluster, name());
    List<ClusterNode> nodes = new ArrayList<>(containers.nodes());
    Collections.shuffle(nodes, random);
    switch (shape) {
      case RANDOM_HALVES -> {
        List<ClusterNode> minority = nodes.subList(0, nodes.size() / 2);
        List<ClusterNode> majority = nodes.subList(nodes.size() / 2, nodes.size());
        cut(minority, majority);
        return "partition " + ids(minority) + " | " + ids(majority);
      }
      case ISOLATE_LEADER -> {
        ClusterNode leader = Victims.LEADER.pick(containers, random);
        nodes.remove(leader);
        cut(List.of(leader), nodes);
        return "isolate leader " + leader.id() + " | " + ids(nodes);
      }
      default -> {
        ClusterNode bridge = nodes.remove(0);
        List<ClusterNode> left = nodes.subList(0, nodes.size() / 2);
        List<ClusterNode> right = nodes.subList(nodes.size() / 2, nodes.size());
        cut(left, right);
        return "ring " + ids(left) + " - " + bridge.id() + " - " + ids(right) + " (" + bridge.id() + " bridges)";
      }
    }
  }

  @Override
  public String heal(TestCluster<?> cluster) {
    if (cluster instanceof DockerCluster containers) {
      containers.nodes().forEach(ClusterNode::unblockAll);
    }
    return "heal partition";
  }

  /**
   * {@code cluster} as containers, the only clusters whose members have network namespaces of their own.
   *
   * @throws IllegalArgumentException naming {@code nemesis} and the faults a cluster of local processes takes
   */
  static DockerCluster containers(TestCluster<?> cluster, String nemesis) {
    if (cluster instanceof DockerCluster containers) {
      return containers;
    }
    throw new IllegalArgumentException("nemesis " + nemesis + " cuts the network between containers, but this "
        + "cluster's members are processes on one host; choose from " + String.join(", ", Nemeses.processNames()));
  }

  /** No packet crosses between {@code a} and {@code b}, in either direction. */
  private static void cut(List<ClusterNode> a, List<ClusterNode> b) {
    for (ClusterNode x : a) {
      for (ClusterNode y : b) {
        x.blockFrom(y.ip());
        y.blockFrom(x.ip());
      }
    }
  }

  private static String ids(List<ClusterNode> nodes) {
    return nodes.stream().map(ClusterNode::id).sorted().collect(Collectors.joining(" "));
  }
}
