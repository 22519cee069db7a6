package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.meshkit.client.MeshkitClient;
import io.meshkit.gossip.GossipConfig;
import io.meshkit.gossip.GossipNode;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.CreateShardsRequest;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegisterNodeRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay inside a server (its config's {@code relay:} section): it follows the cluster through the
 * member's own client address, routes to the owner, and publishes its load in the member's gossip
 * metadata beside the member's own keys.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RelayInServerIT {
  @TempDir
  Path dir;

  @Test
  void aServerWithARelaySectionRoutesAndGossipsItsLoad() throws Exception {
    HttpServer backend = FixedBackend.answering("owner");
    PeerConfig peer = FreePorts.peers("m", 1).get(0);
    int relayPort = FreePorts.distinct(1).get(0);
    Path yaml = dir.resolve("node.yaml");
    Files.writeString(yaml, """
        nodeId: m1
        dataDir: %s
        initialCluster:
          - {id: m1, raftAddress: "%s", clientAddress: "%s", adminAddress: "%s", gossipAddress: "%s"}
        relay:
          listen: 127.0.0.1:%d
          admin: ""
          dataDir: %s
          routes: [{header: x-meshkit-namespace}]
        """.formatted(dir.resolve("data"), peer.raftAddress(), peer.clientAddress(), peer.adminAddress(),
        peer.gossipAddress(), relayPort, dir.resolve("relay")));
    HttpClient http = HttpClient.newHttpClient();
    try (MeshkitServer server = MeshkitServer.start(ConfigLoader.load(yaml, Map.of()).validate(), t -> { });
         MeshkitClient client = MeshkitClient.builder().endpoints(List.of(peer.clientAddress())).build();
         GossipNode observer = GossipNode.start(GossipConfig.defaults(), "meshkit", "observer", "127.0.0.1:0", null,
             List.of(peer.gossipAddress()), null)) {
      Await.until(() -> {
        try {
          client.registry().registerNode(RegisterNodeRequest.newBuilder().setNode(Node.newBuilder().setId("b1")
              .addEndpoints("127.0.0.1:" + backend.getAddress().getPort())).build());
          return true;
        } catch (RuntimeException e) {
          return false; // no leader yet
        }
      }, Duration.ofSeconds(30), "a leader");
      client.registry().createNamespace(CreateNamespaceRequest.newBuilder().setNamespace(Namespace.newBuilder()
          .setName("orders").setShardCount(2).setReplicationFactor(1).setHashing(HashingStrategy.newBuilder()
              .setRendezvous(HashingStrategy.Rendezvous.getDefaultInstance()))).build());
      client.registry().createShards(CreateShardsRequest.newBuilder().setNamespace("orders").build());
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + relayPort + "/x"))
          .header("x-meshkit-namespace", "orders").header("x-meshkit-shard-key", "k")
          .timeout(Duration.ofSeconds(10)).build();
      Await.until(() -> {
        try {
          return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (Exception e) {
          return false;
        }
      }, Duration.ofSeconds(20), "the relay inside the server routes to the owner");
      assertEquals("owner", http.send(request, HttpResponse.BodyHandlers.ofString()).body());
      Await.until(() -> observer.members().stream().anyMatch(m -> m.id().equals("m1")
          && "server".equals(m.metadata().get("role")) && m.metadata().containsKey("relay.in_flight")
          && peer.clientAddress().equals(m.metadata().get("client"))), Duration.ofSeconds(20),
          "the relay's load beside the member's own gossip metadata");
    } finally {
      backend.stop(0);
    }
  }
}
