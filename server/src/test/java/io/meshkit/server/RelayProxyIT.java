package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.meshkit.client.MeshkitClient;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.CreateShardsRequest;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.ListShardsRequest;
import io.meshkit.proto.v1.MutationResponse;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegisterNodeRequest;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.TransferShardRequest;
import io.meshkit.relay.proxy.RelayMetrics;
import io.meshkit.relay.proxy.RelayProxy;
import io.meshkit.relay.proxy.RouteRules;
import io.meshkit.relay.routing.RoutingFollower;
import io.meshkit.sharding.ShardMap;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay in front of three real backends (HTTP servers on loopback that know which shards they
 * own, and answer 421 for the others, as a data node does after a handoff), routing by the routing
 * table of a real cluster: every request reaches its key's owner with the route headers; a transfer
 * is followed within one retry per request, and once the table has the transfer's revision no request
 * for the shard reaches the old owner; bad requests get the relay's own clear answers.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RelayProxyIT {
  private static final Namespace ORDERS = Namespace.newBuilder().setName("orders").setShardCount(8)
      .setReplicationFactor(1).setHashing(HashingStrategy.newBuilder()
          .setRendezvous(HashingStrategy.Rendezvous.getDefaultInstance())).build();
  private static final ShardMap MAP = ShardMap.of(ORDERS);

  @TempDir
  Path dir;

  /** shard → the backend that owns it, as the backends believe. */
  private final Map<Integer, String> owners = new ConcurrentHashMap<>();
  /** backend → shard → requests it served (200). */
  private final Map<String, Map<Integer, AtomicInteger>> served = new ConcurrentHashMap<>();

  private HttpServer backend(String name) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", ex -> {
      String key = ex.getRequestHeaders().getFirst("x-meshkit-shard-key");
      int shard = MAP.shardOf(key);
      byte[] body;
      if (name.equals(owners.get(shard))) {
        served.computeIfAbsent(name, n -> new ConcurrentHashMap<>()).computeIfAbsent(shard, s -> new AtomicInteger())
            .incrementAndGet();
        body = (name + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)).getBytes(
            StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, body.length);
      } else {
        body = ("not the owner of shard " + shard).getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(421, body.length);
      }
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    return server;
  }

  private static HttpResponse<String> send(HttpClient http, int port, String namespace, String key, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/items"))
        .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(java.time.Duration.ofSeconds(10));
    if (namespace != null) {
      b.header("x-meshkit-namespace", namespace);
    }
    if (key != null) {
      b.header("x-meshkit-shard-key", key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A key of {@code shard}. */
  private static String keyOf(int shard) {
    for (int i = 0; ; i++) {
      if (MAP.shardOf("k" + i) == shard) {
        return "k" + i;
      }
    }
  }

  @Test
  void requestsReachTheOwnerAndFollowATransfer() throws Exception {
    List<HttpServer> backends = new ArrayList<>();
    AtomicInteger misdirected = new AtomicInteger();
    try (MiniCluster cluster = MiniCluster.start(3, dir.resolve("cluster"));
         MeshkitClient client = MeshkitClient.builder().endpoints(cluster.clientEndpoints()).build()) {
      for (String name : List.of("b1", "b2", "b3")) {
        HttpServer server = backend(name);
        backends.add(server);
        client.registry().registerNode(RegisterNodeRequest.newBuilder().setNode(Node.newBuilder().setId(name)
            .addEndpoints("127.0.0.1:" + server.getAddress().getPort())).build());
      }
      client.registry().createNamespace(CreateNamespaceRequest.newBuilder().setNamespace(ORDERS).build());
      client.registry().createShards(CreateShardsRequest.newBuilder().setNamespace("orders").build());
      for (Shard s : client.registry().listShards(ListShardsRequest.newBuilder().setNamespace("orders").build())
          .getShardsList()) {
        owners.put(s.getShardId(), s.getOwner());
      }
      try (RoutingFollower routing = new RoutingFollower(client, "orders", Optional.empty()).start();
           RelayProxy relay = RelayProxy.start("127.0.0.1:0", RouteRules.byHeaders("x-meshkit-namespace"), routing,
               RelayProxy.Settings.defaults(), new RelayMetrics() {
                 @Override
                 public void misdirected(String namespace) {
                   misdirected.incrementAndGet();
                 }
               })) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (routing.stale() && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 40; i++) {
          String key = "customer-" + i;
          HttpResponse<String> r = send(http, relay.port(), "orders", key, "order " + i);
          int shard = MAP.shardOf(key);
          assertEquals(200, r.statusCode(), r.body());
          assertEquals(owners.get(shard) + " order " + i, r.body(), "served by the owner, body relayed");
          assertEquals("orders/" + shard, r.headers().firstValue("x-meshkit-shard").orElse(""));
          assertTrue(Long.parseLong(r.headers().firstValue("x-meshkit-route-revision").orElse("0")) > 0);
        }
        assertEquals(0, misdirected.get());

        // Transfer shard 3; its old owner now refuses it (421), as a data node does after the handoff.
        int shard = 3;
        String from = owners.get(shard);
        String to = from.equals("b1") ? "b2" : "b1";
        MutationResponse transfer = client.registry().transferShard(TransferShardRequest.newBuilder()
            .setNamespace("orders").setShardId(shard).setTo(to).build());
        owners.put(shard, to);
        String key = keyOf(shard);
        for (int i = 0; i < 20; i++) {
          HttpResponse<String> r = send(http, relay.port(), "orders", key, "after " + i);
          assertEquals(200, r.statusCode(), r.body());
          assertEquals(to + " after " + i, r.body());
        }
        assertTrue(misdirected.get() <= 20, "at most one retry per request: " + misdirected.get());
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (routing.current().revision() < transfer.getAudit().getRevision() && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        int retriesBefore = misdirected.get();
        for (int i = 0; i < 20; i++) {
          HttpResponse<String> r = send(http, relay.port(), "orders", key, "later " + i);
          assertEquals(to + " later " + i, r.body());
          assertTrue(Long.parseLong(r.headers().firstValue("x-meshkit-route-revision").orElseThrow())
              >= transfer.getAudit().getRevision());
        }
        assertEquals(retriesBefore, misdirected.get(), "with the transfer in the table no request reaches " + from);

        // The relay's own answers.
        HttpResponse<String> noKey = send(http, relay.port(), "orders", null, "");
        assertEquals(400, noKey.statusCode());
        assertTrue(noKey.body().contains("no shard key") && noKey.body().contains("x-meshkit-shard-key"),
            noKey.body());
        HttpResponse<String> unknown = send(http, relay.port(), "payments", "k", "");
        assertEquals(503, unknown.statusCode());
        assertEquals("1", unknown.headers().firstValue("retry-after").orElse(""));
        HttpResponse<String> noNamespace = send(http, relay.port(), null, "k", "");
        assertEquals(400, noNamespace.statusCode(), noNamespace.body());
        backends.get(2).stop(0);
        String keyOnB3 = null;
        for (int s = 0; s < 8; s++) {
          if ("b3".equals(owners.get(s))) {
            keyOnB3 = keyOf(s);
          }
        }
        if (keyOnB3 != null) {
          HttpResponse<String> down = send(http, relay.port(), "orders", keyOnB3, "");
          assertEquals(502, down.statusCode(), down.body());
          assertTrue(down.body().contains("backend"), down.body());
        }
      }
    } finally {
      backends.forEach(b -> b.stop(0));
    }
  }
}
