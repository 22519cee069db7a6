package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.meshkit.client.KeyRanges;
import io.meshkit.client.MeshkitClient;
import io.meshkit.client.MeshkitClientException;
import io.meshkit.client.WatchHandler;
import io.meshkit.client.WatchSubscription;
import io.meshkit.proto.v1.Event;
import io.meshkit.proto.v1.RangeRequest;
import io.meshkit.proto.v1.WatchCreateRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Java client against a real quorum losing members: watches resume, writes carry on. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClientFailoverIT {
  @TempDir
  Path dir;

  /** Endpoints starting with member {@code first}, so the client sticks to it until it fails. */
  private static List<String> startingWith(MiniCluster cluster, int first) {
    List<String> endpoints = new ArrayList<>();
    for (int i = 0; i < cluster.size(); i++) {
      endpoints.add(cluster.clientEndpoint((first + i) % cluster.size()));
    }
    return endpoints;
  }

  @Test
  void aClientWatchResumesOnAnotherMemberWithoutLossOrDuplicate() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      int leader = cluster.awaitLeader(Duration.ofSeconds(30));
      int watched = (leader + 1) % 3;
      try (MeshkitClient writer = MeshkitClient.builder().endpoints(startingWith(cluster, leader)).build();
           MeshkitClient watcher = MeshkitClient.builder().endpoints(startingWith(cluster, watched))
               .backoff(Duration.ofMillis(20), Duration.ofMillis(200)).build()) {
        List<Long> revisions = new CopyOnWriteArrayList<>();
        List<String> reconnects = new CopyOnWriteArrayList<>();
        ByteString prefix = ByteString.copyFromUtf8("cw/");
        WatchSubscription watch = watcher.watch(WatchCreateRequest.newBuilder().setKey(prefix)
            .setRangeEnd(KeyRanges.prefixEnd(prefix)).build(), new WatchHandler() {
              @Override
              public void onEvents(long revision, List<Event> events) {
                revisions.add(revision);
              }

              @Override
              public void onReconnecting(String failed, long from, MeshkitClientException cause) {
                reconnects.add(failed);
              }

              @Override
              public void onFailed(MeshkitClientException error) {
                reconnects.add("failed: " + error.getMessage());
              }
            });
        awaitTrue(() -> watch.nextRevision() > 0, "watch created");
        List<Long> written = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          written.add(writer.put("cw/" + i, "v" + i).getHeader().getRevision());
        }
        awaitTrue(() -> revisions.size() >= 10, "first events delivered");
        cluster.stop(watched);
        for (int i = 40; i < 80; i++) {
          written.add(writer.put("cw/" + i, "v" + i).getHeader().getRevision());
        }
        awaitTrue(() -> revisions.size() >= written.size(), "every write delivered; watch: " + reconnects);
        assertEquals(written, revisions, "each revision exactly once, in order");
        assertEquals(cluster.clientEndpoint(watched), reconnects.get(0), "resumed once, nothing failed");
        assertTrue(reconnects.stream().noneMatch(r -> r.startsWith("failed")), reconnects.toString());
        watch.close();
      }
    });
  }

  @Test
  void writesThroughTheClientCarryOnAfterTheLeaderStopsAndNoAcknowledgedWriteIsLost() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      int leader = cluster.awaitLeader(Duration.ofSeconds(30));
      try (MeshkitClient client = MeshkitClient.builder().endpoints(startingWith(cluster, leader))
          .callTimeout(Duration.ofSeconds(10)).build()) {
        Map<String, String> acknowledged = new LinkedHashMap<>();
        int unknown = 0;
        for (int i = 0; i < 60; i++) {
          if (i == 30) {
            cluster.stop(leader);
          }
          try {
            client.put("cf/" + i, "v" + i);
            acknowledged.put("cf/" + i, "v" + i);
          } catch (MeshkitClientException e) {
            assertTrue(e.outcomeUnknown() || e.isClusterUnavailable(), "only availability failures: " + e);
            unknown++;
          }
        }
        assertTrue(unknown <= 3, "writes resumed after the election; failures: " + unknown);
        assertTrue(acknowledged.containsKey("cf/59"), "the last write succeeded");
        ByteString prefix = ByteString.copyFromUtf8("cf/");
        Map<String, String> stored = new LinkedHashMap<>();
        client.range(RangeRequest.newBuilder().setKey(prefix).setRangeEnd(KeyRanges.prefixEnd(prefix)).build())
            .getKvsList().forEach(kv -> stored.put(kv.getKey().toStringUtf8(), kv.getValue().toStringUtf8()));
        acknowledged.forEach((k, v) -> assertEquals(v, stored.get(k), "acknowledged " + k));
      }
    });
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting: " + what);
      }
      Thread.sleep(20);
    }
  }
}
