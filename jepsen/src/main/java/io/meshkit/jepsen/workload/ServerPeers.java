package io.meshkit.jepsen.workload;

import io.meshkit.client.MeshkitClient;
import io.meshkit.proto.v1.Peer;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's members as gossip shows them (peers with role {@code server}): their ids, which the
 * registry's nodes take when workloads register the members themselves, and in their metadata their
 * {@code client} and {@code admin} addresses.
 */
final class ServerPeers {
  private static final long PATIENCE_SECONDS = 60;

  private ServerPeers() {}

  /**
   * Every member, sorted by id, from the gossip view of whichever member answers; waits until all of
   * {@code ctx.endpoints()} appear.
   *
   * @throws IllegalStateException when they do not within a minute
   */
  static List<Peer> await(WorkloadContext ctx) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
    while (true) {
      try (MeshkitClient client = ctx.clientFromNode(0)) {
        List<Peer> servers = client.membership().listPeers().getPeersList().stream()
            .filter(p -> "server".equals(p.getMetadataMap().get("role"))).sorted(Comparator.comparing(Peer::getId))
            .toList();
        if (servers.size() == ctx.endpoints().size()) {
          return servers;
        }
      } catch (RuntimeException e) {
        // not answering yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("setup: the members did not all appear in gossip within " + PATIENCE_SECONDS
            + " s");
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
  }
}
