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
  LEADER;

  /** Picks the victim. */
  public ClusterNode pick(DockerCluster cluster, Random random) {
    List<ClusterNode> nodes = cluster.nodes();
    ClusterNode any = nodes.get(random.nextInt(nodes.size()));
    return this == LEADER ? cluster.leader().orElse(any) : any;
  }
}
