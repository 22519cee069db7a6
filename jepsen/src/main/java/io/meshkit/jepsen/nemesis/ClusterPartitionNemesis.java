package io.meshkit.jepsen.nemesis;

import io.meshkit.jepsen.cluster.ClusterNode;
import io.meshkit.jepsen.cluster.DockerCluster;
import io.meshkit.jepsen.cluster.TestCluster;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * A partition between clusters ({@code partition-clusters}): every node of the cluster under test drops
 * packets from every node of the clusters running beside it ({@link TestCluster#peers()}: the
 * federation workload's standby) and they from it — iptables in each node's own network namespace, as
 * {@link PartitionNemesis} does. Within each cluster nothing changes, and clients still reach every
 * node: both clusters keep serving, they only cannot talk to each other. Healing flushes the rules of
 * every node of both.
 */
public final class ClusterPartitionNemesis implements Nemesis {
  @Override
  public String name() {
    return "partition-clusters";
  }

  @Override
  public String fault(TestCluster<?> cluster, Random random) {
    DockerCluster containers = PartitionNemesis.containers(cluster, name());
    List<ClusterNode> others = containers.peers().stream().flatMap(p -> p.nodes().stream()).toList();
    if (others.isEmpty()) {
      throw new IllegalStateException("no second cluster runs beside this one: partition-clusters cuts the cluster "
          + "under test from the standby the federation workload starts (--workload federation)");
    }
    for (ClusterNode x : containers.nodes()) {
      for (ClusterNode y : others) {
        x.blockFrom(y.ip());
        y.blockFrom(x.ip());
      }
    }
    return "partition clusters " + ids(containers.nodes()) + " | " + ids(others);
  }

  @Override
  public String heal(TestCluster<?> cluster) {
    if (cluster instanceof DockerCluster containers) {
      containers.nodes().forEach(ClusterNode::unblockAll);
      containers.peers().forEach(p -> p.nodes().forEach(ClusterNode::unblockAll));
    }
    return "heal partition between clusters";
  }

  private static String ids(List<ClusterNode> nodes) {
    return nodes.stream().map(ClusterNode::id).sorted().collect(Collectors.joining(" "));
  }
}
