package io.meshkit.jepsen.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The cluster a run acts on: its members in order, and the clusters running beside it. Two kinds:
 * {@link DockerCluster} (containers on a network of their own: every nemesis) and {@link LocalCluster}
 * (processes on this host, e.g. {@code bin/meshkit dev up}: process faults only, see
 * {@code Nemeses.parseProcessFaults}).
 *
 * @param <N> the kind of member
 */
public interface TestCluster<N extends TestNode> {
  /** Every member, in order (n1, n2, ...). */
  List<N> nodes();

  /** Clusters running beside this one that nemeses may act on too (the federation workload's standby). */
  List<? extends TestCluster<N>> peers();

  /** host:port of every member, in member order. */
  default List<String> endpoints() {
    return nodes().stream().map(TestNode::endpoint).toList();
  }

  /** The member that answers it leads, if one does now. */
  default Optional<N> leader() {
    return nodes().stream().filter(TestNode::isLeader).findFirst();
  }

  /** Heals every fault on every member, the peers' too (resume, unblock, restart). */
  default void healAll() {
    nodes().forEach(TestNode::heal);
    peers().forEach(TestCluster::healAll);
  }

  /**
   * Waits until every member reports healthy.
   *
   * @throws IllegalStateException naming the unhealthy members and a log to read when the timeout passes
   */
  default void awaitHealthy(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<N> unhealthy = nodes().stream().filter(n -> !n.isHealthy()).toList();
      if (unhealthy.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("nodes " + unhealthy + " were not healthy within " + timeout.toSeconds()
            + " s; see " + unhealthy.get(0).log());
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
  }
}
