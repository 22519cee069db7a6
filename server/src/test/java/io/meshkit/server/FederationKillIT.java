package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.client.MeshkitClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replication exactly once under kill -9: the standby ("us", a real server process) is killed again and
 * again while the primary ("eu", in this JVM) keeps transferring shards — each life once it has streamed
 * the primary's recent changes, so every kill lands mid-stream however slowly the machine starts it. In
 * the end the copy equals the source, and the standby's audit trail shows every shard's epochs replicated
 * in order, none twice and none skipped after the first copy — one resync only, the first.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FederationKillIT {
  @TempDir
  Path dir;

  private static Map<Integer, String> shards(MeshkitClient client) {
    return Federations.shards(client, "orders");
  }

  /** The standby's {@code /control/replication} answer, for a failure message. */
  private static String replication(ServerProcesses us) {
    try {
      return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://" + us.adminAddress(0) + "/control/replication")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Test
  void theStandbyKilledMidStreamAppliesEveryChangeOnce() throws Exception {
    java.nio.file.Files.createDirectories(dir.resolve("us"));
    try (MiniCluster eu = MiniCluster.start(1, dir.resolve("eu"), MiniCluster.Options.defaults().withClusterName("eu"));
         ServerProcesses us = new ServerProcesses(1, dir.resolve("us"), "us");
         MeshkitClient euClient = MeshkitClient.builder().endpoints(eu.clientEndpoints()).build();
         MeshkitClient usClient = MeshkitClient.builder().endpoints(us.clientEndpoints()).build()) {
      us.start(0);
      Federations.namespace(euClient, "orders", true, 4, List.of("n1", "n2"));
      for (MeshkitClient c : List.of(euClient, usClient)) {
        Await.until(() -> {
          try {
            Federations.describe(c, eu.clientEndpoints(), us.clientEndpoints());
            return true;
          } catch (RuntimeException e) {
            return false;
          }
        }, Duration.ofSeconds(60), "the descriptors registered");
      }

      AtomicBoolean stop = new AtomicBoolean();
      Thread writer = Federations.transferring(euClient, stop, new java.util.concurrent.atomic.AtomicLong());
      for (int kill = 0; kill < 3; kill++) {
        // Mid-stream: the standby's life has replicated the primary's changes of a moment ago (however slow
        // this machine makes its start), and is killed while the writer goes on.
        try {
          Federations.awaitAtLeast(shards(euClient), usClient, "life " + kill + " streams");
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + "; the standby's replication: " + replication(us)
              + "; its log:\n" + us.logTail(0), e);
        }
        Thread.sleep(ThreadLocalRandom.current().nextInt(1500));
        us.kill9(0);
        Thread.sleep(500);
        us.start(0);
      }
      Thread.sleep(2000);
      stop.set(true);
      writer.join(30_000);

      Map<Integer, String> expected = shards(euClient);
      try {
        Await.until(() -> {
          try {
            return expected.equals(shards(usClient));
          } catch (RuntimeException e) {
            return false;
          }
        }, Duration.ofSeconds(90), "the standby equals the primary " + expected);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "; the standby has " + shards(usClient) + "; its replication: "
            + replication(us) + "; its log:\n" + us.logTail(0), e);
      }

      long replicated = Federations.assertShardEpochsReplicatedOnce(usClient, "orders");
      assertTrue(replicated > 20, () -> "changes replicated through the kills: " + replicated + "; the standby's"
          + " replication: " + replication(us) + "; its log:\n" + us.logTail(0));
    }
  }
}
