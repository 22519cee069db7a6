package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.meshkit.client.LeaseKeepAlive;
import io.meshkit.client.MeshkitClient;
import io.meshkit.client.MeshkitClientException;
import io.meshkit.proto.v1.CampaignRequest;
import io.meshkit.proto.v1.CampaignResponse;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Fence;
import io.meshkit.proto.v1.LeadershipEvent;
import io.meshkit.proto.v1.ObserveRequest;
import io.meshkit.proto.v1.PutRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Leases and elections on a real three-member quorum losing its leader. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LeaseElectionIT {
  /** Comfortably above a failover (election timeout 1-2 s here) plus a keepalive interval. */
  private static final Duration TTL = Duration.ofSeconds(5);

  @TempDir
  Path dir;

  private static MeshkitClient client(MiniCluster cluster) {
    return MeshkitClient.builder().endpoints(cluster.clientEndpoints()).callTimeout(Duration.ofSeconds(10))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(200)).build();
  }

  private static boolean exists(MeshkitClient client, String key) {
    return client.get(key).isPresent();
  }

  private static PutRequest put(String key, long lease) {
    return PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).setValue(ByteString.copyFromUtf8("v"))
        .setLease(lease).build();
  }

  @Test
  void aLeaseKeptAliveThroughALeaderChangeSurvivesIt() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      try (MeshkitClient client = client(cluster)) {
        long id = client.grantLease(TTL).getId();
        client.put(put("held/a", id));
        List<MeshkitClientException> lost = new CopyOnWriteArrayList<>();
        try (LeaseKeepAlive keepAlive = client.keepAlive(id, TTL, new LeaseKeepAlive.Listener() {
          @Override
          public void onLost(MeshkitClientException why) {
            lost.add(why);
          }
        })) {
          Thread.sleep(1_000);
          int leader = cluster.awaitLeader(Duration.ofSeconds(30));
          cluster.stop(leader);
          cluster.awaitLeader(Duration.ofSeconds(30));
          Thread.sleep(3 * TTL.toMillis());
          assertEquals(List.of(), lost, "the holder never lost its lease");
          assertTrue(exists(client, "held/a"), "the key attached to the lease is still there");
          long remaining = client.leaseTimeToLive(id, true).getTtlMs();
          assertTrue(remaining > 0, "the new leader tracks the lease: " + remaining);
          assertEquals(1, client.leaseTimeToLive(id, true).getKeysCount());
        }
      }
    });
  }

  @Test
  void withoutKeepalivesALeaseExpiresAfterItsTtlAndNotBefore() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      try (MeshkitClient client = client(cluster)) {
        long id = client.grantLease(TTL).getId();
        client.put(put("eph/a", id));
        AtomicLong lastAckSent = new AtomicLong();
        try (LeaseKeepAlive keepAlive = client.keepAlive(id, TTL, new LeaseKeepAlive.Listener() {})) {
          Thread.sleep(2_500);
          lastAckSent.set(keepAlive.validUntilNanos() - TTL.toNanos());
        }
        // Not before: until TTL after the last acknowledged keepalive was sent, the key is there. A read
        // that finds it gone proves an early expiry only if it completed before the TTL ran out (its
        // linearization point is no later than its completion); a slow read may complete after.
        long ttlRunsOut = lastAckSent.get() + TTL.toNanos();
        while (System.nanoTime() < ttlRunsOut - TimeUnit.MILLISECONDS.toNanos(300)) {
          boolean there = exists(client, "eph/a");
          long completed = System.nanoTime();
          assertTrue(there || completed >= ttlRunsOut, "expired early: a read completed "
              + (ttlRunsOut - completed) / 1_000_000 + " ms before the TTL ran out saw the key gone");
          Thread.sleep(100);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (exists(client, "eph/a")) {
          assertTrue(System.nanoTime() < deadline, "the lease expired within 20 s of its TTL");
          Thread.sleep(100);
        }
        assertEquals(-1, client.leaseTimeToLive(id, false).getTtlMs());
      }
    });
  }

  @Test
  void aDeposedLeadersFencedWriteIsRejectedAndTheNextCandidateLeadsWithALargerToken() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      try (MeshkitClient client = client(cluster)) {
        long leaseA = client.grantLease(TTL).getId();
        long leaseB = client.grantLease(TTL).getId();
        try (LeaseKeepAlive keepB = client.keepAlive(leaseB, TTL, new LeaseKeepAlive.Listener() {})) {
          CampaignResponse a = client.campaign(CampaignRequest.newBuilder().setScope("ctl").setCandidate("a")
              .setLease(leaseA).build(), Duration.ofSeconds(10));
          assertTrue(a.getElected());
          CompletableFuture<CampaignResponse> b = CompletableFuture.supplyAsync(() -> client.campaign(
              CampaignRequest.newBuilder().setScope("ctl").setCandidate("b").setLease(leaseB).build(),
              Duration.ofSeconds(60)));
          Thread.sleep(500);
          assertFalse(b.isDone(), "b waits while a leads");
          Fence fenceA = Fence.newBuilder().setScope("ctl").setToken(a.getToken()).build();
          client.put(put("cfg", 0).toBuilder().setFence(fenceA).build());
          // a stops renewing (its process died): after its TTL, b takes office.
          CampaignResponse elected = b.get(30, TimeUnit.SECONDS);
          assertTrue(elected.getElected());
          assertTrue(elected.getToken() > a.getToken());
          MeshkitClientException fenced = assertThrows(MeshkitClientException.class,
              () -> client.put(put("cfg", 0).toBuilder().setFence(fenceA).build()));
          assertEquals(ErrorCode.FENCED, fenced.code());
          client.put(put("cfg", 0).toBuilder().setFence(fenceA.toBuilder().setToken(elected.getToken())).build());
          assertEquals("b", client.leader("ctl").getLeadership().getCandidate());
        }
      }
    });
  }

  @Test
  void aWaitingCampaignFailsAsSoonAsItsOwnLeaseEnds() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      try (MeshkitClient client = client(cluster)) {
        long leaseA = client.grantLease(TTL).getId();
        long leaseB = client.grantLease(TTL).getId();
        assertTrue(client.campaign(CampaignRequest.newBuilder().setScope("wait").setCandidate("a")
            .setLease(leaseA).build(), Duration.ofSeconds(10)).getElected());
        CompletableFuture<CampaignResponse> b = CompletableFuture.supplyAsync(() -> client.campaign(
            CampaignRequest.newBuilder().setScope("wait").setCandidate("b").setLease(leaseB).build(),
            Duration.ofSeconds(60)));
        Thread.sleep(500);
        assertFalse(b.isDone(), "b waits while a leads");
        client.revokeLease(leaseB);
        java.util.concurrent.ExecutionException ended = assertThrows(java.util.concurrent.ExecutionException.class,
            () -> b.get(10, TimeUnit.SECONDS));
        assertEquals(ErrorCode.NOT_FOUND, ((MeshkitClientException) ended.getCause()).code());
        assertEquals("a", client.leader("wait").getLeadership().getCandidate());
      }
    });
  }

  @Test
  void observeDeliversEveryLeadershipChangeInOrder() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      try (MeshkitClient client = client(cluster)) {
        List<LeadershipEvent> seen = new CopyOnWriteArrayList<>();
        try (MeshkitClient.ObserveSubscription observing = client.observe(ObserveRequest.newBuilder()
            .setScope("obs").build(), seen::add)) {
          Thread.sleep(300);
          List<String> expected = new ArrayList<>();
          for (int round = 0; round < 3; round++) {
            long lease = client.grantLease(TTL).getId();
            CampaignResponse c = client.campaign(CampaignRequest.newBuilder().setScope("obs")
                .setCandidate("c" + round).setLease(lease).build(), Duration.ofSeconds(10));
            expected.add("c" + round + "@" + c.getToken());
            client.resign(c.getKey());
            expected.add("@0");
          }
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
          while (seen.size() < expected.size() && System.nanoTime() < deadline) {
            Thread.sleep(50);
          }
          List<String> got = new ArrayList<>();
          seen.forEach(e -> got.add(e.getLeadership().getCandidate() + "@" + e.getLeadership().getToken()));
          assertEquals(expected, got);
        }
      }
    });
  }

  @Test
  void repeatedLeaderChangesDoNotKeepAnAbandonedLeaseAlive() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      try (MeshkitClient client = client(cluster)) {
        Duration ttl = Duration.ofSeconds(8);
        long id = client.grantLease(ttl).getId();
        client.put(put("abandoned", id));
        long abandoned = System.nanoTime();
        long deadline = abandoned + TimeUnit.SECONDS.toNanos(60);
        int changes = 0;
        while (exists(client, "abandoned")) {
          assertTrue(System.nanoTime() < deadline, "still alive after " + changes + " leader changes");
          int leader = cluster.awaitLeader(Duration.ofSeconds(30));
          cluster.stop(leader);
          cluster.awaitLeader(Duration.ofSeconds(30));
          cluster.restart(leader);
          changes++;
          Thread.sleep(3_000); // each leader lasts a little longer than TTL/3, far less than the TTL
        }
        long afterMs = (System.nanoTime() - abandoned) / 1_000_000;
        assertTrue(afterMs >= ttl.toMillis(), "expired after " + afterMs + " ms");
        assertTrue(changes >= 2, "the leader changed while the lease was abandoned: " + changes);
      }
    });
  }

  @Test
  void leadershipChangesStreamAsServerSentEventsAndResumeFromLastEventId() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      try (MeshkitClient client = client(cluster)) {
        String url = "http://" + cluster.adminEndpoint(0) + "/control/events/leadership?scope=sse";
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        List<String> first = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> reading = http.sendAsync(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(url)).build(), java.net.http.HttpResponse.BodyHandlers.ofLines())
            .thenAccept(r -> {
              assertEquals("text/event-stream; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
              r.body().filter(l -> l.startsWith("id: ") || l.startsWith("data: ")).forEach(first::add);
            });
        Thread.sleep(500);
        CampaignResponse a = client.campaign(CampaignRequest.newBuilder().setScope("sse").setCandidate("a")
            .setLease(client.grantLease(TTL).getId()).setValue(ByteString.copyFromUtf8("10.0.0.1:80")).build(),
            Duration.ofSeconds(10));
        client.resign(a.getKey());
        CampaignResponse b = client.campaign(CampaignRequest.newBuilder().setScope("sse").setCandidate("b")
            .setLease(client.grantLease(TTL).getId()).build(), Duration.ofSeconds(10));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (first.size() < 6 && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        reading.cancel(true);
        assertEquals(6, first.size(), "three events, each an id and a data line: " + first);
        assertEquals("id: " + a.getToken(), first.get(0));
        assertTrue(first.get(1).contains("\"leader\":\"a\"") && first.get(1).contains("\"value\":\"10.0.0.1:80\""),
            first.get(1));
        assertTrue(first.get(3).contains("\"leader\":\"\""), "vacancy: " + first.get(3));
        assertTrue(first.get(5).contains("\"token\":" + b.getToken()), first.get(5));

        // Resume after the first event: the vacancy and b's election come again, nothing else.
        List<String> resumed = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> again = http.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
            .header("Last-Event-ID", String.valueOf(a.getToken())).build(),
            java.net.http.HttpResponse.BodyHandlers.ofLines())
            .thenAccept(r -> r.body().filter(l -> l.startsWith("id: ") || l.startsWith("data: ")).forEach(resumed::add));
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (resumed.size() < 4 && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        again.cancel(true);
        assertEquals(first.subList(2, 6), resumed);

        String metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://"
            + cluster.adminEndpoint(0) + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("meshkit_election_leader_changes_total{scope=\"sse\"} 2.0"), metrics);
        assertTrue(metrics.contains("meshkit_election_scopes 1.0"), "sse only (no namespace, so no rebalance"
            + " controller campaigns): " + metrics);
      }
    });
  }
}
