package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ownership handoff under steady load, with real sample backends (they serve what the registry says
 * their node owns and answer 421 otherwise) behind a relay following a real cluster: while clients
 * keep sending, shards are transferred. Every request is answered 200; none reaches a backend more
 * than twice (one 421, one retry); a request sent once the relay's table had the transfer's revision
 * reaches only the new owner; and with the control plane stopped the relay keeps routing from its table.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RelayHandoffIT {
  private static final Namespace ORDERS = Namespace.newBuilder().setName("orders").setShardCount(8)
      .setReplicationFactor(1).setHashing(HashingStrategy.newBuilder()
          .setRendezvous(HashingStrategy.Rendezvous.getDefaultInstance())).build();
  private static final ShardMap MAP = ShardMap.of(ORDERS);

  @TempDir
  Path dir;

  /** One request as the client saw it: its shard, the relay table's revision when sent, the status. */
  private record Sent(String id, int shard, long revisionAtSend, int status) {}

  /** One backend answer: which node, what status. */
  private record Hit(String node, int status) {}

  @Test
  void transfersUnderSteadyLoadReachTheNewOwnerWithAtMostOneRetry() throws Exception {
    Map<String, Queue<Hit>> hits = new ConcurrentHashMap<>();
    SampleBackend.AnswerListener record = (id, status, node) ->
        hits.computeIfAbsent(id, i -> new ConcurrentLinkedQueue<>()).add(new Hit(node, status));
    AtomicInteger reroutes = new AtomicInteger();
    List<SampleBackend> backends = new ArrayList<>();
    MiniCluster cluster = MiniCluster.start(3, dir.resolve("cluster"));
    try (MeshkitClient client = MeshkitClient.builder().endpoints(cluster.clientEndpoints()).build()) {
      List<Integer> ports = FreePorts.distinct(3);
      for (int i = 0; i < 3; i++) {
        String listen = "127.0.0.1:" + ports.get(i);
        client.registry().registerNode(RegisterNodeRequest.newBuilder().setNode(Node.newBuilder().setId("b" + i)
            .addEndpoints(listen)).build());
        backends.add(SampleBackend.start("b" + i, listen, cluster.clientEndpoints(), record));
      }
      client.registry().createNamespace(CreateNamespaceRequest.newBuilder().setNamespace(ORDERS).build());
      client.registry().createShards(CreateShardsRequest.newBuilder().setNamespace("orders").build());
      try (RoutingFollower routing = new RoutingFollower(client, "", Optional.empty()).start();
           RelayProxy relay = RelayProxy.start("127.0.0.1:0", RouteRules.byHeaders("x-meshkit-namespace"), routing,
               RelayProxy.Settings.defaults(), new RelayMetrics() {
                 @Override
                 public void misdirected(String namespace) {
                   reroutes.incrementAndGet();
                 }
               })) {
        Await.until(() -> !routing.stale() && routing.current().route("orders", 0).isPresent(),
            Duration.ofSeconds(20), "the relay's table");
        HttpClient http = HttpClient.newHttpClient();
        Queue<Sent> sent = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong ids = new AtomicLong();
        ExecutorService load = Executors.newFixedThreadPool(4);
        List<Future<?>> clients = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          clients.add(load.submit(() -> {
            while (!stop.get()) {
              String key = "customer-" + ThreadLocalRandom.current().nextInt(1000);
              String id = "r" + ids.incrementAndGet();
              long revision = routing.current().revision();
              HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                  + relay.port() + "/orders/" + key)).header("x-meshkit-namespace", "orders")
                  .header("x-meshkit-shard-key", key).header("x-request-id", id).timeout(Duration.ofSeconds(20))
                  .build(), HttpResponse.BodyHandlers.ofString());
              sent.add(new Sent(id, MAP.shardOf(key), revision, r.statusCode()));
            }
            return null;
          }));
        }
        // Under that load, move three shards to another node, one after the other.
        Map<Integer, Long> transferredAt = new ConcurrentHashMap<>();
        Map<Integer, String> newOwner = new ConcurrentHashMap<>();
        Thread.sleep(1500);
        for (int s : List.of(1, 4, 6)) {
          Shard shard = client.registry().listShards(ListShardsRequest.newBuilder().setNamespace("orders").build())
              .getShardsList().stream().filter(x -> x.getShardId() == s).findFirst().orElseThrow();
          String to = "b" + ((Integer.parseInt(shard.getOwner().substring(1)) + 1) % 3);
          MutationResponse moved = client.registry().transferShard(TransferShardRequest.newBuilder()
              .setNamespace("orders").setShardId(s).setTo(to).build());
          transferredAt.put(s, moved.getAudit().getRevision());
          newOwner.put(s, to);
          Thread.sleep(1500);
        }
        stop.set(true);
        for (Future<?> c : clients) {
          c.get(60, TimeUnit.SECONDS);
        }
        assertTrue(sent.size() > 100, "steady load: " + sent.size() + " requests");
        int afterTransfer = 0;
        for (Sent s : sent) {
          assertEquals(200, s.status(), () -> "request " + s + " hits " + hits.get(s.id()));
          List<Hit> h = List.copyOf(hits.getOrDefault(s.id(), new ConcurrentLinkedQueue<>()));
          assertTrue(h.size() == 1 || h.size() == 2 && h.get(0).status() == 421,
              () -> "at most one retry, after a 421: " + s + " " + h);
          Long at = transferredAt.get(s.shard());
          if (at != null && s.revisionAtSend() >= at) {
            afterTransfer++;
            assertEquals(List.of(new Hit(newOwner.get(s.shard()), 200)), h,
                () -> "sent after the relay saw the transfer, it reaches only the new owner: " + s);
          }
        }
        assertTrue(afterTransfer > 10, "requests to moved shards after their transfer: " + afterTransfer);
        assertTrue(reroutes.get() <= sent.size());

        // The control plane stops: the relay keeps routing by its table (and the backends by theirs).
        cluster.close();
        for (int i = 0; i < 20; i++) {
          String key = "after-" + i;
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + relay.port()
              + "/x")).header("x-meshkit-namespace", "orders").header("x-meshkit-shard-key", key)
              .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
          assertEquals(200, r.statusCode(), r.body());
        }
        load.shutdownNow();
      }
    } finally {
      backends.forEach(SampleBackend::close);
      cluster.close();
    }
  }
}
