package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.meshkit.client.MeshkitClient;
import io.meshkit.gossip.GossipConfig;
import io.meshkit.gossip.GossipNode;
import io.meshkit.gossip.MemberView;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.CreateShardsRequest;
import io.meshkit.proto.v1.GetNamespaceRequest;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.ListShardsRequest;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegisterNodeRequest;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.UpdateNamespaceRequest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standalone relay in gossip with two data nodes (real gossip over UDP on loopback) in front of their
 * real backends, routing by a real cluster's registry: the relay publishes its load per node in its
 * gossip metadata; once the shard's owner leaves gossip, its requests get a fast 503 with Retry-After;
 * with the namespace's relay_replica_fallback set, idempotent ones go to the live replica instead.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RelayGossipIT {
  @TempDir
  Path dir;

  private final List<AutoCloseable> open = new ArrayList<>();

  /** A backend answering its node's name; requests with x-block wait for {@code release}. */
  private String backend(String name, CountDownLatch release) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", ex -> {
      if (ex.getRequestHeaders().containsKey("x-block")) {
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      ex.getRequestBody().readAllBytes();
      byte[] body = name.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    open.add(() -> server.stop(0));
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private static HttpRequest.Builder request(int port) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/items/1"))
        .header("x-meshkit-namespace", "orders").header("x-meshkit-shard-key", "k").timeout(Duration.ofSeconds(30));
  }

  @Test
  void ownerDownMeansA503OrAReplicaAndTheRelaysLoadIsInGossip() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HttpClient http = HttpClient.newHttpClient();
    try (MiniCluster cluster = MiniCluster.start(3, dir.resolve("cluster"));
         MeshkitClient client = MeshkitClient.builder().endpoints(cluster.clientEndpoints()).build()) {
      Map<String, GossipNode> gossip = new java.util.HashMap<>();
      for (String id : List.of("n1", "n2")) {
        String endpoint = backend(id, release);
        client.registry().registerNode(RegisterNodeRequest.newBuilder().setNode(Node.newBuilder().setId(id)
            .addEndpoints(endpoint)).build());
        List<String> seeds = gossip.values().stream().map(GossipNode::address).toList();
        GossipNode node = GossipNode.start(GossipConfig.defaults(), "meshkit", id, "127.0.0.1:0", null, seeds, null);
        gossip.put(id, node);
        open.add(node);
      }
      client.registry().createNamespace(CreateNamespaceRequest.newBuilder().setNamespace(Namespace.newBuilder()
          .setName("orders").setShardCount(1).setReplicationFactor(2).setHashing(HashingStrategy.newBuilder()
              .setRendezvous(HashingStrategy.Rendezvous.getDefaultInstance()))).build());
      client.registry().createShards(CreateShardsRequest.newBuilder().setNamespace("orders").build());
      Shard shard = client.registry().listShards(ListShardsRequest.newBuilder().setNamespace("orders").build())
          .getShards(0);
      String owner = shard.getOwner();
      String replica = owner.equals("n1") ? "n2" : "n1";

      List<Integer> ports = FreePorts.distinct(2);
      Path yaml = dir.resolve("relay.yaml");
      Files.writeString(yaml, """
          listen: 127.0.0.1:%d
          admin: ""
          endpoints: [%s]
          dataDir: %s
          routes: [{header: x-meshkit-namespace}]
          maxConnectionsPerBackend: 1
          gossip: {address: "127.0.0.1:%d", seeds: ["%s"]}
          """.formatted(ports.get(0), String.join(", ", cluster.clientEndpoints()), dir.resolve("relay-data"),
          ports.get(1), gossip.get("n1").address()));
      try (RelayProcess relay = RelayProcess.start(ConfigLoader.load(yaml, Map.of(), RelayConfig.class).validate())) {
        Await.until(() -> !relay.routing().stale() && relay.routing().current().route("orders", "k").isPresent(),
            Duration.ofSeconds(20), "the relay's routing table");
        HttpResponse<String> first = http.send(request(relay.port()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, first.statusCode(), first.body());
        assertEquals(owner, first.body());

        // Load: one request held at the owner fills its limit of 1; the relay says so in gossip.
        CompletableFuture<HttpResponse<String>> held = http.sendAsync(request(relay.port()).header("x-block", "1")
            .GET().build(), HttpResponse.BodyHandlers.ofString());
        GossipNode observer = gossip.get(replica);
        Await.until(() -> relayMember(observer).map(m -> "relay".equals(m.metadata().get("role"))
            && "1.0".equals(m.metadata().get("relay.load." + owner))).orElse(false), Duration.ofSeconds(20),
            "the relay's load on " + owner + " in its gossip metadata");
        release.countDown();
        assertEquals(200, held.get(30, TimeUnit.SECONDS).statusCode());

        // The owner leaves gossip: a fast 503 with Retry-After, naming the fix.
        gossip.get(owner).leave(300);
        Await.until(() -> send(http, request(relay.port()).GET().build()).statusCode() == 503, Duration.ofSeconds(20),
            "503 once gossip reports the owner gone");
        HttpResponse<String> refused = send(http, request(relay.port()).GET().build());
        assertEquals("2", refused.headers().firstValue("retry-after").orElseThrow(), refused.body());
        assertTrue(refused.body().contains(owner) && refused.body().contains("--relay-replica-fallback"),
            refused.body());

        // The namespace allows replica fallback: reads go to the live replica, writes still get 503.
        Namespace ns = client.registry().getNamespace(GetNamespaceRequest.newBuilder().setName("orders").build())
            .getNamespace();
        client.registry().updateNamespace(UpdateNamespaceRequest.newBuilder().setNamespace(ns.toBuilder()
            .setPolicy(ns.getPolicy().toBuilder().setRelayReplicaFallback(true))).build());
        Await.until(() -> send(http, request(relay.port()).GET().build()).statusCode() == 200, Duration.ofSeconds(20),
            "a read served by the replica once the policy allows it");
        HttpResponse<String> read = send(http, request(relay.port()).GET().build());
        assertEquals(replica, read.body());
        assertEquals("true", read.headers().firstValue("x-meshkit-replica").orElseThrow());
        assertEquals(503, send(http, request(relay.port()).POST(HttpRequest.BodyPublishers.ofString("w")).build())
            .statusCode(), "a write never goes to a replica");
      }
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        open.get(i).close();
      }
    }
  }

  private static Optional<MemberView> relayMember(GossipNode observer) {
    return observer.members().stream().filter(m -> m.id().startsWith("relay@")).findFirst();
  }

  private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
