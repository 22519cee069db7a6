package io.meshkit.jepsen.nemesis;

import io.meshkit.jepsen.cluster.ClusterNode;
import io.meshkit.jepsen.cluster.DockerCluster;
import java.util.List;
import java.util.Random;

/** Which node a single-node fault hits. */
public enum Victims {
  /** Any node, chosen with the run's random. */
  RANDOM,
  /** The node that answers it leads now (any node if none does). */
  LEADER,
  /**
   * Any node of the clusters running beside this one ({@link DockerCluster#peers()}: the federation
   * workload's standby), chosen with the run's random.
   */
  STANDBY;

  /** Picks the victim. */
  public ClusterNode pick(DockerCluster cluster, Random random) {
    List<ClusterNode> nodes = population(cluster);
    if (nodes.isEmpty()) {
      throw new IllegalStateException("no standby cluster runs beside this one: the -standby nemeses act on the "
          + "standby the federation workload starts (--workload federation)");
    }
    ClusterNode any = nodes.get(random.nextInt(nodes.size()));
    return this == LEADER ? cluster.leader().orElse(any) : any;
  }

  /** Every node this kind of victim is chosen from (and healed among). */
  public List<ClusterNode> population(DockerCluster cluster) {
    return this == STANDBY ? cluster.peers().stream().flatMap(p -> p.nodes().stream()).toList() : cluster.nodes();
  }

  /** The suffix of the nemesis names for these victims: "", "-leader", "-standby". */
  String suffix() {
    return this == RANDOM ? "" : "-" + name().toLowerCase(java.util.Locale.ROOT);
  }
}
