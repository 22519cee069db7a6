package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.gossip.GossipConfig;
import io.meshkit.gossip.GossipNode;
import io.meshkit.proto.v1.ListPeersRequest;
import io.meshkit.proto.v1.MembershipGrpc;
import io.meshkit.proto.v1.Peer;
import io.meshkit.proto.v1.PeerStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gossip with real processes: three server processes plus two extra members (as a relay would join)
 * in this JVM. SIGSTOP of a server makes it suspect, SIGCONT alive again; kill -9 makes it dead in
 * every view. Default gossip timings, as in production.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class GossipProcessIT {
  /** One probe period, the longest suspicion (24 periods), dissemination: with margin. */
  private static final Duration DEAD_BOUND = Duration.ofSeconds(45);

  @TempDir
  Path dir;

  /** Every view's opinion of {@code id}: the servers' (over gRPC) and the extra members'. */
  private static List<String> views(KvStubs stubs, List<Integer> servers, List<GossipNode> extras, String id) {
    List<String> out = new ArrayList<>();
    for (int i : servers) {
      try {
        List<Peer> peers = MembershipGrpc.newBlockingStub(stubs.channel(i)).withDeadlineAfter(2, TimeUnit.SECONDS)
            .listPeers(ListPeersRequest.getDefaultInstance()).getPeersList();
        out.add(peers.stream().filter(p -> p.getId().equals(id)).map(p -> statusName(p.getStatus())).findFirst()
            .orElse("unknown"));
      } catch (RuntimeException e) {
        out.add("unreachable");
      }
    }
    for (GossipNode extra : extras) {
      out.add(extra.members().stream().filter(m -> m.id().equals(id)).map(m -> m.status().name().toLowerCase(Locale.ROOT))
          .findFirst().orElse("unknown"));
    }
    return out;
  }

  private static String statusName(PeerStatus status) {
    return status.name().substring("PEER_".length()).toLowerCase(Locale.ROOT);
  }


  @Test
  void aPausedServerIsSuspectedThenAliveAndAKilledOneIsDeadEverywhere() throws Exception {
    List<GossipNode> extras = new ArrayList<>();
    try (ServerProcesses servers = new ServerProcesses(3, dir)) {
      for (int i = 0; i < 3; i++) {
        servers.start(i);
      }
      for (String id : List.of("relay-1", "relay-2")) {
        GossipNode extra = GossipNode.start(GossipConfig.defaults(), ServerProcesses.clusterName(), id,
            "127.0.0.1:0", null, servers.gossipAddresses(), null);
        extra.setMetadata(Map.of("role", "relay"));
        extras.add(extra);
      }
      try (KvStubs stubs = new KvStubs(servers.clientEndpoints())) {
        List<String> everyone = List.of("p1", "p2", "p3", "relay-1", "relay-2");
        Await.until(() -> everyone.stream().allMatch(id -> views(stubs, List.of(0, 1, 2), extras, id).stream()
            .allMatch("alive"::equals)), Duration.ofSeconds(90), "five members alive in every view");

        servers.pause(1);
        Await.until(() -> views(stubs, List.of(0, 2), extras, "p2").contains("suspect"), Duration.ofSeconds(20),
            "p2 suspected while stopped: " + views(stubs, List.of(0, 2), extras, "p2"));
        servers.resume(1);
        Await.until(() -> views(stubs, List.of(0, 1, 2), extras, "p2").stream().allMatch("alive"::equals),
            Duration.ofSeconds(30), "p2 alive again everywhere after SIGCONT: " + views(stubs, List.of(0, 1, 2), extras, "p2"));

        servers.kill9(2);
        Await.until(() -> views(stubs, List.of(0, 1), extras, "p3").stream().allMatch("dead"::equals), DEAD_BOUND,
            "p3 dead in every view after kill -9: " + views(stubs, List.of(0, 1), extras, "p3"));
        assertTrue(views(stubs, List.of(0, 1), extras, "relay-1").stream().allMatch("alive"::equals),
            "the others stay alive");
      }
    } finally {
      extras.forEach(GossipNode::close);
    }
  }
}
