package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.client.MeshkitClient;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.CreateShardsRequest;
import io.meshkit.proto.v1.GetShardRequest;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.MutationResponse;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegisterNodeRequest;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.TransferShardRequest;
import io.meshkit.relay.routing.LastKnownGood;
import io.meshkit.relay.routing.RoutingFollower;
import io.meshkit.relay.routing.RoutingTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay's routing table against a real cluster: built from one snapshot, kept current by the
 * watch (a transfer reaches it), its revisions never going back, refreshed on demand, and served
 * from the last known good file when the control plane is gone.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RoutingFollowerIT {
  @TempDir
  Path dir;


  @Test
  void theTableFollowsTheRegistryAndOutlivesTheControlPlane() throws Exception {
    LastKnownGood file = new LastKnownGood(dir.resolve("relay/routes.pb"));
    List<Long> revisions = new CopyOnWriteArrayList<>();
    Shard moved;
    String to;
    try (MiniCluster cluster = MiniCluster.start(3, dir.resolve("cluster"));
         MeshkitClient client = MeshkitClient.builder().endpoints(cluster.clientEndpoints()).build()) {
      for (String id : List.of("a", "b", "c")) {
        client.registry().registerNode(RegisterNodeRequest.newBuilder().setNode(Node.newBuilder().setId(id)
            .addEndpoints(id + ":8080")).build());
      }
      client.registry().createNamespace(CreateNamespaceRequest.newBuilder().setNamespace(Namespace.newBuilder()
          .setName("orders").setShardCount(8).setReplicationFactor(1).setHashing(HashingStrategy.newBuilder()
              .setRendezvous(HashingStrategy.Rendezvous.getDefaultInstance()))).build());
      MutationResponse created = client.registry().createShards(CreateShardsRequest.newBuilder()
          .setNamespace("orders").build());

      try (RoutingFollower follower = new RoutingFollower(client, "orders", Optional.of(file))) {
        follower.addListener(t -> revisions.add(t.revision()));
        follower.start();
        Await.until(() -> follower.current().revision() >= created.getAudit().getRevision() && !follower.stale(),
            Duration.ofSeconds(20), "the first snapshot");
        assertTrue(follower.current().route("orders", "customer-42").isPresent());

        Shard before = client.registry().getShard(GetShardRequest.newBuilder().setNamespace("orders").setShardId(3)
            .build()).getShard();
        to = before.getOwner().equals("a") ? "b" : "a";
        MutationResponse transfer = client.registry().transferShard(TransferShardRequest.newBuilder()
            .setNamespace("orders").setShardId(3).setTo(to).setExpectedEpoch(before.getEpoch()).build());
        Await.until(() -> follower.current().route("orders", 3).orElseThrow().owner().getId().equals(to),
            Duration.ofSeconds(20), "the transfer reaches the table");
        RoutingTable after = follower.current();
        assertTrue(after.revision() >= transfer.getAudit().getRevision());
        assertEquals(before.getEpoch() + 1, after.route("orders", 3).orElseThrow().epoch());

        RoutingTable refreshed = follower.refresh().get(10, TimeUnit.SECONDS);
        assertTrue(refreshed.revision() >= after.revision());
        moved = refreshed.toSnapshot().getShardsList().stream().filter(s -> s.getShardId() == 3).findFirst()
            .orElseThrow();
        // The same snapshot over REST.
        String json = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://" + cluster.adminEndpoint(0) + "/control/snapshot?namespace=orders")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(json.contains("\"shard_id\": 7") && json.contains("\"a:8080\"") && json.contains("\"revision\""),
            json);
      }
    }
    for (int i = 1; i < revisions.size(); i++) {
      assertTrue(revisions.get(i) >= revisions.get(i - 1), "revisions never go back: " + revisions);
    }

    // The control plane is gone: a new follower serves the last known good table and says it is stale.
    try (MeshkitClient nowhere = MeshkitClient.builder().endpoints(List.of("127.0.0.1:1")).callTimeout(
        Duration.ofMillis(500)).build();
         RoutingFollower restarted = new RoutingFollower(nowhere, "orders", Optional.of(file)).start()) {
      Thread.sleep(1500);
      assertTrue(restarted.stale());
      assertEquals(to, restarted.current().route("orders", 3).orElseThrow().owner().getId());
      assertEquals(moved.getEpoch(), restarted.current().route("orders", 3).orElseThrow().epoch());
    }
  }
}
