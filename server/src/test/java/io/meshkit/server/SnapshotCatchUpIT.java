package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.proto.v1.RangeRequest;
import io.meshkit.raft.RaftNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A follower that missed more than the leader's log still holds catches up by snapshot install. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SnapshotCatchUpIT {
  @TempDir
  Path dir;

  @Test
  void followerDownDuringManyWritesCatchesUpThroughSnapshotInstall() throws Exception {
    MiniCluster.Options options = MiniCluster.Options.defaults().withSnapshotThreshold(40);
    MiniCluster.run(3, dir, options, cluster -> {
      try (KvStubs stubs = new KvStubs(cluster.clientEndpoints())) {
        int leader = cluster.awaitLeader(Duration.ofSeconds(30));
        int follower = (leader + 1) % 3;
        stubs.put(leader, "seed", "0");
        cluster.awaitApplied(follower, cluster.node(leader).status().appliedIndex(), Duration.ofSeconds(30));
        long followerApplied = cluster.node(follower).status().appliedIndex();
        cluster.stop(follower);

        int keys = 400;
        for (int i = 0; i < keys; i++) {
          stubs.put(leader, "bulk/" + String.format("%04d", i), "v" + i);
        }
        // Wait until the leader has purged the entries the follower is missing.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (cluster.node(leader).status().logStartIndex() <= followerApplied + 1) {
          assertTrue(System.nanoTime() < deadline, "leader never purged its log:\n" + cluster.describe());
          stubs.put(leader, "filler", "x");
          Thread.sleep(100);
        }
        long leaderApplied = cluster.node(leader).status().appliedIndex();

        cluster.restart(follower);
        cluster.awaitApplied(follower, leaderApplied, Duration.ofSeconds(90));
        RaftNode restarted = cluster.node(follower);
        assertTrue(restarted.status().snapshotIndex() > followerApplied,
            "the follower must hold a snapshot newer than what it had applied before it stopped");
        long count = restarted.read(RaftNode.Consistency.SERIALIZABLE, view -> {
          long[] n = {0};
          view.scan(io.meshkit.raft.Table.KV, "bulk/".getBytes(), "bulk0".getBytes(), (k, v) -> {
            n[0]++;
            return true;
          });
          return n[0];
        }).get(30, TimeUnit.SECONDS);
        assertEquals(keys, count, "every key written while the follower was down is on it now");
        var linearizable = stubs.kv(follower).range(RangeRequest.newBuilder()
            .setKey(KvStubs.utf8("bulk/0399")).build());
        assertEquals("v399", linearizable.getKvs(0).getValue().toStringUtf8());
        // And the member keeps applying new writes after the install.
        stubs.put(leader, "after-install", "yes");
        assertEquals("yes", stubs.get(follower, "after-install"));
      }
    });
  }
}
