package io.meshkit.jepsen.nemesis;

import io.meshkit.jepsen.cluster.TestCluster;
import io.meshkit.jepsen.cluster.TestNode;
import java.util.List;
import java.util.Random;

/** Which node a single-node fault hits. */
public enum Victims {
  /** Any node, chosen with the run's random. */
  RANDOM,
  /** The node that answers it leads now (any node if none does). */
  LEADER,
  /**
   * Any node of the clusters running beside this one ({@link TestCluster#peers()}: the federation
   * workload's standby), chosen with the run's random.
   */
  STANDBY;

  /** Picks the victim. */
  public <N extends TestNode> N pick(TestCluster<N> cluster, Random random) {
    List<N> nodes = population(cluster);
    if (nodes.isEmpty()) {
      throw new IllegalStateException("no standby cluster runs beside this one: the -standby nemeses act on the "
          + "standby the federation workload starts (--workload federation)");
    }
    N any = nodes.get(random.nextInt(nodes.size()));
    return this == LEADER ? cluster.leader().orElse(any) : any;
  }

  /** Every node this kind of victim is chosen from (and healed among). */
  public <N extends TestNode> List<N> population(TestCluster<N> cluster) {
    return this == STANDBY ? cluster.peers().stream().flatMap(p -> p.nodes().stream()).toList() : cluster.nodes();
  }

  /** The suffix of the nemesis names for these victims: "", "-leader", "-standby". */
  String suffix() {
    return this == RANDOM ? "" : "-" + name().toLowerCase(java.util.Locale.ROOT);
  }
}
