package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshkit.client.MeshkitClient;
import io.meshkit.client.MeshkitClientException;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegistrySnapshotRequest;
import io.meshkit.proto.v1.RegistrySnapshotResponse;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.TransferShardRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two clusters in one test — "eu", three members, the primary; "us", one member, a standby: the
 * standby replicates the primary's exported namespace (its shards and the nodes), not the private one,
 * keeps it read-only, follows transfers, catches up from its checkpoint after it was stopped and after
 * the primary was stopped (a partition between the clusters, healed), and resyncs from a snapshot when
 * the primary compacted past its checkpoint. Each time the copy equals the source exactly.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FederationReplicationIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  /** The exported namespace's shards as owner@epoch, and the node ids: what the copy must equal. */
  private static String view(RegistrySnapshotResponse s) {
    return s.getShardsList().stream().filter(x -> x.getNamespace().equals("orders"))
        .map(x -> x.getShardId() + ":" + x.getOwner() + "@" + x.getEpoch()).toList() + " nodes "
        + s.getNodesList().stream().map(Node::getId).sorted().toList();
  }

  private static void awaitCopy(MeshkitClient primary, MeshkitClient standby, String what) throws Exception {
    String expected = view(primary.registry().snapshot(RegistrySnapshotRequest.getDefaultInstance()));
    Await.until(() -> {
      try {
        return expected.equals(view(standby.registry().snapshot(RegistrySnapshotRequest.getDefaultInstance())));
      } catch (RuntimeException e) {
        return false;
      }
    }, Duration.ofSeconds(60), what + ": the standby equals the primary (" + expected + ")");
  }

  private static JsonNode replication(HttpClient http, MiniCluster us) throws Exception {
    return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://" + us.adminEndpoint(0)
        + "/control/replication")).build(), HttpResponse.BodyHandlers.ofString()).body());
  }

  private static void transfer(MeshkitClient client, int shard) {
    Shard s = client.registry().snapshot(RegistrySnapshotRequest.getDefaultInstance()).getShardsList().stream()
        .filter(x -> x.getNamespace().equals("orders") && x.getShardId() == shard).findFirst().orElseThrow();
    String to = "n" + (Integer.parseInt(s.getOwner().substring(1)) % 3 + 1);
    client.registry().transferShard(TransferShardRequest.newBuilder().setNamespace("orders").setShardId(shard)
        .setTo(to).build());
  }

  @Test
  void aStandbyReplicatesExactlyOnceThroughStopsPartitionsAndCompaction() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    MiniCluster.Options euOptions = MiniCluster.Options.defaults().withClusterName("eu")
        .withWatchHistory(50, Duration.ofSeconds(1));
    try (MiniCluster eu = MiniCluster.start(3, dir.resolve("eu"), euOptions);
         MiniCluster us = MiniCluster.start(1, dir.resolve("us"), MiniCluster.Options.defaults().withClusterName("us"));
         MeshkitClient primary = MeshkitClient.builder().endpoints(eu.clientEndpoints()).build();
         MeshkitClient standby = MeshkitClient.builder().endpoints(us.clientEndpoints()).build()) {
      Federations.namespace(primary, "orders", true, 8, List.of("n1", "n2", "n3"));
      Federations.namespace(primary, "private", false, 8, List.of());
      Federations.describe(primary, eu.clientEndpoints(), us.clientEndpoints());
      Federations.describe(standby, eu.clientEndpoints(), us.clientEndpoints());
      awaitCopy(primary, standby, "the first resync");
      RegistrySnapshotResponse copy = standby.registry().snapshot(RegistrySnapshotRequest.getDefaultInstance());
      assertEquals(List.of("orders"), copy.getNamespacesList().stream().map(Namespace::getName).toList(),
          "only the exported namespace");
      assertEquals("eu", copy.getNamespaces(0).getReplicatedFrom());
      MeshkitClientException readOnly = assertThrows(MeshkitClientException.class, () -> transfer(standby, 1));
      assertEquals(ErrorCode.FAILED_PRECONDITION, readOnly.code());
      assertTrue(readOnly.getMessage().contains("replicated from cluster eu"), readOnly.getMessage());

      // Changes stream over.
      for (int s = 0; s < 8; s++) {
        transfer(primary, s);
      }
      awaitCopy(primary, standby, "streamed transfers");
      JsonNode status = replication(http, us);
      assertEquals("streaming", status.get("state").asText(), status::toString);
      long batches = status.get("batches").asLong();
      assertTrue(batches >= 2, status::toString);

      // The standby stops; the primary changes on; the standby comes back from its checkpoint.
      us.stop(0);
      for (int s = 0; s < 4; s++) {
        transfer(primary, s);
      }
      us.restart(0);
      awaitCopy(primary, standby, "after the standby's restart");

      // A partition between the clusters: the primary is unreachable, then back.
      for (int i = 0; i < 3; i++) {
        eu.stop(i);
      }
      Thread.sleep(2000);
      for (int i = 0; i < 3; i++) {
        eu.restart(i);
      }
      eu.awaitLeader(Duration.ofSeconds(60));
      transfer(primary, 5);
      awaitCopy(primary, standby, "after the partition healed");

      // The standby stops while the primary writes past its watch history: back, it must resync.
      us.stop(0);
      for (int round = 0; round < 120; round++) {
        transfer(primary, round % 8);
      }
      Thread.sleep(2500);  // compaction runs every second on the primary
      us.restart(0);
      awaitCopy(primary, standby, "after the primary compacted past the checkpoint");
      Await.until(() -> {
        try {
          return replication(http, us).get("resyncs").asLong() >= 2;
        } catch (Exception e) {
          return false;
        }
      }, Duration.ofSeconds(30), "a second resync (the first was the initial copy)");
    }
  }
}
