package io.meshkit.samples.shardservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshkit.client.MeshkitClient;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.CreateShardsRequest;
import io.meshkit.proto.v1.GetNodeRequest;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.MutationResponse;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.ResolveKeyRequest;
import io.meshkit.proto.v1.ResolveKeyResponse;
import io.meshkit.proto.v1.TransferShardRequest;
import io.meshkit.server.Await;
import io.meshkit.server.ConfigLoader;
import io.meshkit.server.FreePorts;
import io.meshkit.server.MiniCluster;
import io.meshkit.server.RelayConfig;
import io.meshkit.server.RelayProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample end to end, as the run script assembles it: a real three-member cluster, three
 * {@link ShardService} instances (started before their namespace exists), and a standalone relay from the
 * sample's own {@code relay.yaml} (ports and endpoints replaced). Requests sent through the relay by key
 * land on the owner the registry names; after a {@code TransferShard} the new owner answers; an instance
 * restarted on another port is found there; the presence key lives while an instance runs and goes with it.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ShardServiceIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Namespace SAMPLE = Namespace.newBuilder().setName("sample").setShardCount(8)
      .setReplicationFactor(1).setHashing(HashingStrategy.newBuilder()
          .setRendezvous(HashingStrategy.Rendezvous.getDefaultInstance())).build();

  @TempDir
  Path dir;

  @Test
  void requestsThroughTheRelayReachTheOwnerAndFollowATransfer() throws Exception {
    List<ShardService> services = new ArrayList<>();
    try (MiniCluster cluster = MiniCluster.start(3, dir.resolve("cluster"));
         MeshkitClient client = MeshkitClient.builder().endpoints(cluster.clientEndpoints()).build()) {
      List<Integer> ports = FreePorts.distinct(6);
      for (int i = 0; i < 3; i++) {
        services.add(ShardService.start(new ShardService.Settings("s" + (i + 1), "127.0.0.1:" + ports.get(i),
            cluster.clientEndpoints(), "sample", Duration.ofSeconds(5)), () -> { }));
      }
      client.registry().createNamespace(CreateNamespaceRequest.newBuilder().setNamespace(SAMPLE).build());
      client.registry().createShards(CreateShardsRequest.newBuilder().setNamespace("sample").build());
      Await.until(() -> services.stream().mapToInt(s -> s.owned().size()).sum() == 8
          && services.stream().allMatch(s -> !s.owned().isEmpty()), Duration.ofSeconds(30),
          "the instances to see their 8 shards (each some) through their watches");

      RelayConfig.Resolved relayConfig = ConfigLoader.load(Path.of("relay.yaml"), Map.of(
          "listen", "127.0.0.1:" + ports.get(3), "admin", "127.0.0.1:" + ports.get(4),
          "endpoints", cluster.clientEndpoints(), "dataDir", dir.resolve("relay").toString()),
          RelayConfig.class).validate();
      try (RelayProcess relay = RelayProcess.start(relayConfig)) {
        Await.until(() -> !relay.routing().stale() && relay.routing().current().route("sample", 0).isPresent(),
            Duration.ofSeconds(30), "the relay's table");
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + relay.port() + "/sample/";

        // Every key lands on the owner the registry names for its shard.
        Set<String> nodesSeen = new TreeSet<>();
        Map<String, ResolveKeyResponse> resolved = new HashMap<>();
        for (int k = 0; k < 40; k++) {
          String key = "customer-" + k;
          ResolveKeyResponse owner = client.registry().resolveKey(ResolveKeyRequest.newBuilder()
              .setNamespace("sample").setKey(key).build());
          resolved.put(key, owner);
          JsonNode served = getOk(http, base + key);
          assertEquals(owner.getOwner().getId(), served.get("node").asText(), served::toString);
          assertEquals(owner.getShard().getShardId(), served.get("shard").asInt(), served::toString);
          nodesSeen.add(served.get("node").asText());
        }
        assertEquals(Set.of("s1", "s2", "s3"), nodesSeen, "40 keys over 8 shards reach every instance");

        // A transfer: the new owner answers, the old one refuses the shard (421) if asked directly.
        ResolveKeyResponse before = resolved.get("customer-0");
        int shard = before.getShard().getShardId();
        String oldOwner = before.getOwner().getId();
        String newOwner = oldOwner.equals("s1") ? "s2" : "s1";
        MutationResponse moved = client.registry().transferShard(TransferShardRequest.newBuilder()
            .setNamespace("sample").setShardId(shard).setTo(newOwner)
            .setExpectedEpoch(before.getShard().getEpoch()).build());
        long transferRevision = moved.getAudit().getRevision();
        Await.until(() -> relay.routing().current().revision() >= transferRevision, Duration.ofSeconds(30),
            "the relay's table to reach the transfer's revision");
        for (int i = 0; i < 10; i++) {
          HttpResponse<String> r = get(http, base + "customer-0");
          assertEquals(200, r.statusCode(), r.body());
          JsonNode served = JSON.readTree(r.body());
          assertEquals(newOwner, served.get("node").asText(), served::toString);
          assertEquals(before.getShard().getEpoch() + 1, served.get("epoch").asLong(), served::toString);
          assertTrue(Long.parseLong(r.headers().firstValue("x-meshkit-route-revision").orElse("0")) >= transferRevision,
              r.headers()::toString);
        }
        ShardService old = services.get(Integer.parseInt(oldOwner.substring(1)) - 1);
        Await.until(() -> !old.owned().containsKey(shard), Duration.ofSeconds(30), "the old owner's view");
        HttpResponse<String> direct = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + old.port()
            + "/sample/customer-0")).header("x-meshkit-shard", "sample/" + shard)
            .header("x-meshkit-route-revision", Long.toString(transferRevision)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(421, direct.statusCode(), direct.body());
        assertNotEquals(oldOwner, newOwner);

        // s3 restarts on another port: its node record is pointed there, and the relay follows.
        services.remove(2).close();
        String elsewhere = "127.0.0.1:" + ports.get(5);
        services.add(ShardService.start(new ShardService.Settings("s3", elsewhere, cluster.clientEndpoints(),
            "sample", Duration.ofSeconds(5)), () -> { }));
        assertEquals(List.of(elsewhere), client.registry().getNode(GetNodeRequest.newBuilder().setId("s3").build())
            .getNode().getEndpointsList());
        String keyOfS3 = resolved.entrySet().stream().filter(e -> e.getValue().getOwner().getId().equals("s3")
            && e.getValue().getShard().getShardId() != shard).map(Map.Entry::getKey).findFirst().orElseThrow();
        Await.until(() -> servedBy(http, base + keyOfS3).equals("s3"), Duration.ofSeconds(30),
            "the relay to reach s3 at its new endpoint");
      }

      // Presence: a key per running instance, held by its lease; closing one revokes it.
      assertTrue(client.get(NodeRegistration.PRESENCE_PREFIX + "s3").isPresent(), "s3's presence key");
      services.remove(2).close();
      assertTrue(client.get(NodeRegistration.PRESENCE_PREFIX + "s3").isEmpty(), "s3's presence key after close");
      assertTrue(client.get(NodeRegistration.PRESENCE_PREFIX + "s1").isPresent(), "s1's presence key");
    } finally {
      services.forEach(ShardService::close);
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The node that answered 200 for {@code url}, or "" for any other outcome. */
  private static String servedBy(HttpClient http, String url) {
    try {
      HttpResponse<String> r = get(http, url);
      return r.statusCode() == 200 ? JSON.readTree(r.body()).get("node").asText() : "";
    } catch (Exception e) {
      return "";
    }
  }

  private static JsonNode getOk(HttpClient http, String url) throws Exception {
    HttpResponse<String> r = get(http, url);
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }
}
