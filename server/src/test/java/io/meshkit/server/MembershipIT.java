package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.proto.v1.ListPeersRequest;
import io.meshkit.proto.v1.ListPeersResponse;
import io.meshkit.proto.v1.MembershipGrpc;
import io.meshkit.proto.v1.Peer;
import io.meshkit.proto.v1.PeerStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Gossip among three in-JVM members: the peer view over gRPC and REST, and a stopped member seen left. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MembershipIT {
  @TempDir
  Path dir;

  private static ListPeersResponse peers(KvStubs stubs, int member) {
    return MembershipGrpc.newBlockingStub(stubs.channel(member)).withDeadlineAfter(5, TimeUnit.SECONDS)
        .listPeers(ListPeersRequest.getDefaultInstance());
  }

  private static PeerStatus statusOf(ListPeersResponse view, String id) {
    return view.getPeersList().stream().filter(p -> p.getId().equals(id)).map(Peer::getStatus).findFirst()
        .orElse(PeerStatus.PEER_STATUS_UNSPECIFIED);
  }

  private static void await(java.util.function.BooleanSupplier condition, Duration limit, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not within " + limit.toSeconds() + " s: " + what);
      Thread.sleep(100);
    }
  }

  @Test
  void membersSeeEachOtherAliveWithTheirAddressesAndAStoppedMemberLeft() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      try (KvStubs stubs = new KvStubs(cluster.clientEndpoints())) {
        await(() -> peers(stubs, 0).getPeersCount() == 3 && peers(stubs, 0).getPeersList().stream()
            .allMatch(p -> p.getStatus() == PeerStatus.PEER_ALIVE), Duration.ofSeconds(30), "three alive peers");
        ListPeersResponse view = peers(stubs, 0);
        assertEquals("n1", view.getMemberId());
        Peer n2 = view.getPeersList().stream().filter(p -> p.getId().equals("n2")).findFirst().orElseThrow();
        await(() -> peers(stubs, 0).getPeersList().stream().filter(p -> p.getId().equals("n2")).findFirst()
            .orElseThrow().getMetadataMap().containsKey("client"), Duration.ofSeconds(30), "n2's metadata at n1");
        assertEquals(cluster.clientEndpoint(1), peers(stubs, 0).getPeersList().stream()
            .filter(p -> p.getId().equals("n2")).findFirst().orElseThrow().getMetadataOrThrow("client"));
        assertTrue(!n2.getAddress().isEmpty());

        HttpResponse<String> rest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://" + cluster.adminEndpoint(2) + "/control/peers")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, rest.statusCode(), rest.body());
        assertTrue(rest.body().contains("\"member_id\": \"n3\"") && rest.body().contains("PEER_ALIVE"), rest.body());

        cluster.stop(2);
        // A member that stops announces its leave (a crash is GossipProcessIT's kill -9: dead).
        await(() -> statusOf(peers(stubs, 0), "n3") == PeerStatus.PEER_LEFT
            && statusOf(peers(stubs, 1), "n3") == PeerStatus.PEER_LEFT, Duration.ofSeconds(10), "n3 left at n1 and n2");
        assertEquals(PeerStatus.PEER_ALIVE, statusOf(peers(stubs, 0), "n2"));
      }
    });
  }
}
