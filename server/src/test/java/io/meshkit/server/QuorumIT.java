package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.meshkit.proto.ErrorCodes;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.PutRequest;
import io.meshkit.proto.v1.PutResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The quorum's core promises, on three real in-JVM members. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class QuorumIT {
  @TempDir
  Path dir;

  @Test
  void everyMemberAcceptsWritesAndServesLinearizableReadsRightAfterAWriteElsewhere() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      try (KvStubs stubs = new KvStubs(cluster.clientEndpoints())) {
        for (int round = 0; round < 30; round++) {
          int writer = round % 3;
          int reader = (round + 1) % 3;
          PutResponse put = stubs.put(writer, "k", "v" + round);
          assertTrue(put.getHeader().getRevision() > 0);
          assertEquals("v" + round, stubs.get(reader, "k"),
              "member " + reader + " must see the write acknowledged by member " + writer);
        }
      }
    });
  }

  @Test
  void leaderKilledThenANewLeaderTakesOverAndNoAcknowledgedWriteIsLost() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      try (KvStubs stubs = new KvStubs(cluster.clientEndpoints())) {
        int leader = cluster.awaitLeader(Duration.ofSeconds(30));
        int survivor = (leader + 1) % 3;
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          stubs.put(survivor, "before/" + i, "x");
          acknowledged.add("before/" + i);
        }
        cluster.stop(leader);
        int newLeader = cluster.awaitLeader(Duration.ofSeconds(30));
        assertNotEquals(leader, newLeader);
        for (int i = 0; i < 20; i++) {
          stubs.put(survivor, "after/" + i, "y");
          acknowledged.add("after/" + i);
        }
        for (String key : acknowledged) {
          assertTrue(stubs.get(newLeader, key) != null, key + " was acknowledged and must survive");
        }
        cluster.restart(leader);
        cluster.awaitApplied(leader, cluster.node(newLeader).status().appliedIndex(), Duration.ofSeconds(60));
        for (String key : acknowledged) {
          assertTrue(stubs.get(leader, key) != null, key + " must be on the restarted member too");
        }
      }
    });
  }

  /**
   * Found by the Jepsen register workload: once a forwarded write exhausted the Ratis client's
   * retries (no quorum for longer than the request timeout), the ordered client closed for good and
   * the member refused every later forwarded write at once. It must forward again once a quorum is back.
   */
  @Test
  void aFollowerForwardsWritesAgainAfterItsForwardedWritesExhaustedTheirRetries() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      try (KvStubs stubs = new KvStubs(cluster.clientEndpoints())) {
        int leader = cluster.awaitLeader(Duration.ofSeconds(30));
        int alone = (leader + 1) % 3;
        int other = (leader + 2) % 3;
        stubs.put(alone, "before", "x");
        cluster.stop(leader);
        cluster.stop(other);
        for (int i = 0; i < 3; i++) {
          int n = i;
          assertThrows(StatusRuntimeException.class, () -> stubs.put(alone, "lost/" + n, "x"));
        }
        // Let the forwarding client's retries (request timeout: 5 s) run out in the background.
        TimeUnit.SECONDS.sleep(8);
        cluster.restart(leader);
        cluster.restart(other);
        int newLeader = cluster.awaitLeader(Duration.ofSeconds(30));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
          try {
            stubs.put(alone, "after", "y");
            break;
          } catch (StatusRuntimeException e) {
            assertTrue(System.nanoTime() < deadline, "member " + alone + " still refuses forwarded writes: " + e);
            TimeUnit.MILLISECONDS.sleep(200);
          }
        }
        assertEquals("y", stubs.get(newLeader, "after"));
      }
    });
  }

  @Test
  void adminEndpointsReportHealthReadinessAndTheDocumentedMetrics() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      try (KvStubs stubs = new KvStubs(cluster.clientEndpoints())) {
        for (int i = 0; i < 3; i++) {
          stubs.put(i, "m", "" + i);
        }
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (int i = 0; i < 3; i++) {
          String base = "http://" + cluster.adminEndpoint(i);
          assertEquals(200, get(http, base + "/healthz").statusCode());
          assertEquals(200, get(http, base + "/readyz").statusCode());
          String metrics = get(http, base + "/metrics").body();
          for (String name : List.of("meshkit_raft_term", "meshkit_raft_commit_index", "meshkit_raft_applied_index",
              "meshkit_raft_is_leader", "meshkit_raft_leader_changes_total", "meshkit_apply_latency_seconds",
              "meshkit_grpc_requests_seconds", "meshkit_watchers_active", "meshkit_db_size_bytes",
              "meshkit_raft_snapshot_installs_total", "meshkit_apply_business_failures_total",
              "meshkit_raft_log_flush_seconds_count", "meshkit_raft_log_flush_p99_seconds")) {
            assertTrue(metrics.contains(name), "member " + i + " must export " + name);
          }
          java.util.regex.Matcher flushes = java.util.regex.Pattern
              .compile("(?m)^meshkit_raft_log_flush_seconds_count (\\S+)$").matcher(metrics);
          assertTrue(flushes.find() && Double.parseDouble(flushes.group(1)) > 0,
              "member " + i + " reports the Raft log flushes Ratis measured");
        }
      }
    });
  }

  private static java.net.http.HttpResponse<String> get(java.net.http.HttpClient http, String url) throws Exception {
    return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A leader whose followers are gone cannot confirm it still leads, so it must not answer a
   * linearizable read — even one it answered a moment ago. Ratis' ReadIndex skips the heartbeat
   * round when the commit index has not moved since an earlier confirmed read; a barrier relying on
   * it answers here at once (and, on a leader deposed while paused or partitioned, answers stale).
   */
  @Test
  void leaderCutOffFromItsQuorumServesNoLinearizableRead() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      try (KvStubs stubs = new KvStubs(cluster.clientEndpoints())) {
        int leader = cluster.awaitLeader(Duration.ofSeconds(30));
        stubs.put(leader, "cut-off", "v");
        assertEquals("v", stubs.get(leader, "cut-off"));
        cluster.stop((leader + 1) % 3);
        cluster.stop((leader + 2) % 3);
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
            () -> stubs.get(leader, "cut-off"), "a leader without a quorum answered a linearizable read");
        assertNotEquals(Status.Code.OK, refused.getStatus().getCode());
      }
    });
  }

  @Test
  void oversizedKeysAndValuesAreRefusedWithTheirCode() throws Exception {
    MiniCluster.run(3, dir, MiniCluster.Options.defaults(), cluster -> {
      try (KvStubs stubs = new KvStubs(cluster.clientEndpoints())) {
        StatusRuntimeException bigKey = assertThrows(StatusRuntimeException.class,
            () -> stubs.kv(0).put(PutRequest.newBuilder().setKey(KvStubs.utf8("k".repeat(5000))).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, bigKey.getStatus().getCode());
        assertEquals(ErrorCode.KEY_TOO_LARGE, ErrorCodes.detailOf(bigKey).getCode());
        StatusRuntimeException bigValue = assertThrows(StatusRuntimeException.class,
            () -> stubs.kv(1).put(PutRequest.newBuilder().setKey(KvStubs.utf8("k"))
                .setValue(com.google.protobuf.ByteString.copyFrom(new byte[(1 << 20) + 1])).build()));
        assertEquals(ErrorCode.VALUE_TOO_LARGE, ErrorCodes.detailOf(bigValue).getCode());
        // The cluster is unharmed: same leader, writes work.
        stubs.put(2, "still", "fine");
        assertEquals("fine", stubs.get(0, "still"));
      }
    });
  }
}
