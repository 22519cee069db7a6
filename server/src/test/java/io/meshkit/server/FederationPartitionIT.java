package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.client.MeshkitClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replication exactly once across partitions between two live clusters: "eu" (the primary) and "us"
 * (its standby) both keep running and serving, but the network between them — every connection one
 * makes to the other goes through a {@link TcpLink} — is cut twice while a writer keeps transferring
 * shards on eu. During a partition the copy falls behind (checked: it differs from the source at the
 * end of each cut); after each heal it catches up from where it was, and in the end the copy equals
 * the source and the standby's audit trail shows every shard's epochs replicated in order, none twice,
 * none skipped.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FederationPartitionIT {
  @TempDir
  Path dir;

  /** How long the standby's replicator has not heard from the primary ({@code /control/replication}). */
  private static double silentSeconds(MiniCluster standby) {
    try {
      com.fasterxml.jackson.databind.JsonNode status = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
          java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
              "http://" + standby.adminEndpoint(0) + "/control/replication")).build(),
              java.net.http.HttpResponse.BodyHandlers.ofString()).body());
      return (System.currentTimeMillis() - status.get("lastHeardUnixMs").asLong()) / 1000.0;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Map<Integer, String> shards(MeshkitClient client) {
    return Federations.shards(client, "orders");
  }

  @Test
  void theStandbyCatchesUpExactlyOnceAfterEachPartitionHeals() throws Exception {
    try (MiniCluster eu = MiniCluster.start(1, dir.resolve("eu"), MiniCluster.Options.defaults().withClusterName("eu"));
         MiniCluster us = MiniCluster.start(1, dir.resolve("us"), MiniCluster.Options.defaults().withClusterName("us"));
         TcpLink toEu = TcpLink.to(eu.clientEndpoints().get(0));
         TcpLink toUs = TcpLink.to(us.clientEndpoints().get(0));
         MeshkitClient euClient = MeshkitClient.builder().endpoints(eu.clientEndpoints()).build();
         MeshkitClient usClient = MeshkitClient.builder().endpoints(us.clientEndpoints()).build()) {
      Federations.namespace(euClient, "orders", true, 4, List.of("n1", "n2"));
      // Each cluster reaches the other only through the links: what the descriptors name.
      Federations.describe(euClient, List.of(toEu.address()), List.of(toUs.address()));
      Federations.describe(usClient, List.of(toEu.address()), List.of(toUs.address()));
      Federations.awaitSameShards(euClient, usClient, "the first copy: the standby equals the primary");

      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong written = new AtomicLong();
      Thread writer = Federations.transferring(euClient, stop, written);
      for (int cut = 0; cut < 2; cut++) {
        Thread.sleep(1500);
        toEu.partition();
        toUs.partition();
        long before = written.get();
        Thread.sleep(4000);
        assertTrue(written.get() > before, "the primary kept taking writes while cut off");
        Map<Integer, String> reached = shards(euClient);
        assertNotEquals(reached, shards(usClient), "cut " + cut + ": the standby cannot have kept up");
        // The lag cannot show a cut (the standby does not know what it misses); the silence does.
        double silent = silentSeconds(us);
        assertTrue(silent >= 2, "cut " + cut + ": the primary has not been heard from for " + silent + " s");
        toEu.heal();
        toUs.heal();
        Federations.awaitAtLeast(reached, usClient, "cut " + cut + " healed, writes going on");
        Await.until(() -> silentSeconds(us) < 2, Duration.ofSeconds(30), "cut " + cut + " healed: the primary heard");
      }
      stop.set(true);
      writer.join(30_000);
      Federations.awaitSameShards(euClient, usClient, "the writer stopped: the standby equals the primary");
      long replicated = Federations.assertShardEpochsReplicatedOnce(usClient, "orders");
      assertTrue(replicated > 20, "changes replicated through the partitions: " + replicated);
    }
  }
}
