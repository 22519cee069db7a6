package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.client.FederatedClient;
import io.meshkit.client.MeshkitClient;
import io.meshkit.client.MeshkitClientException;
import io.meshkit.proto.v1.ClusterDescriptor;
import io.meshkit.proto.v1.ClusterRole;
import io.meshkit.proto.v1.ClusterState;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.FailoverRequest;
import io.meshkit.proto.v1.FailoverResponse;
import io.meshkit.proto.v1.GetClusterRequest;
import io.meshkit.proto.v1.RegistrySnapshotRequest;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.TransferShardRequest;
import io.meshkit.relay.routing.RoutingFollower;
import io.meshkit.relay.routing.RoutingTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover between two clusters ("eu" the primary, "us" its standby), one member each. Planned, under a
 * writer that keeps transferring shards on the primary: every transfer the primary acknowledged is on
 * the promoted cluster (nothing lost), the old primary refuses writes naming the new one, and replicates
 * from it. Then forced, with the (new) primary stopped: the promotion records its data-loss window, and
 * the stopped cluster, back, fences itself when it sees the newer epoch. A {@link FederatedClient} that
 * knew only the first primary follows both failovers, and so does a relay's {@link RoutingFollower}
 * pointed at the standby: it follows the active primary from the start, then each new one, and the
 * table a request would route by never goes back in (epoch, revision).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FederationFailoverIT {
  @TempDir
  Path dir;

  private static Map<Integer, String> shards(MeshkitClient client) {
    return Federations.shards(client, "orders");
  }

  private static Shard transfer(MeshkitClient client, int shard) {
    Shard s = client.registry().snapshot(RegistrySnapshotRequest.getDefaultInstance()).getShardsList().stream()
        .filter(x -> x.getNamespace().equals("orders") && x.getShardId() == shard).findFirst().orElseThrow();
    String to = s.getOwner().equals("n1") ? "n2" : "n1";
    client.registry().transferShard(TransferShardRequest.newBuilder().setNamespace("orders").setShardId(shard)
        .setTo(to).setExpectedEpoch(s.getEpoch()).build());
    return s.toBuilder().setOwner(to).setEpoch(s.getEpoch() + 1).build();
  }

  /** Waits until the relay's table is read from {@code cluster} at {@code epoch} and routes shard 0..3 as it does. */
  private static void awaitRelayFollows(RoutingFollower relay, String cluster, long epoch, MeshkitClient source)
      throws Exception {
    Await.until(() -> {
      RoutingTable t = relay.current();
      if (!t.cluster().equals(cluster) || t.epoch() != epoch) {
        return false;
      }
      Map<Integer, String> routed = new java.util.TreeMap<>();
      for (int i = 0; i < 4; i++) {
        int shard = i;
        t.route("orders", shard).ifPresent(r -> routed.put(shard, r.owner().getId() + "@" + r.epoch()));
      }
      try {
        return routed.equals(shards(source));
      } catch (RuntimeException e) {
        return false;
      }
    }, Duration.ofSeconds(60), "the relay follows " + cluster + " at epoch " + epoch);
  }

  /** Samples the relay's table every few ms, as requests would see it, and records any step back. */
  private static Thread watchOrder(RoutingFollower relay, AtomicBoolean stop, List<String> backwards) {
    Thread t = new Thread(() -> {
      RoutingTable previous = relay.current();
      while (!stop.get()) {
        RoutingTable now = relay.current();
        if (previous.newerThan(now)) {
          backwards.add(previous.cluster() + "@" + previous.epoch() + "/" + previous.revision() + " then "
              + now.cluster() + "@" + now.epoch() + "/" + now.revision());
        }
        previous = now;
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "relay-order");
    t.start();
    return t;
  }

  @Test
  void plannedLosesNothingAndForcedRecordsItsWindowAndFencesTheReturningPrimary() throws Exception {
    try (MiniCluster eu = MiniCluster.start(1, dir.resolve("eu"), MiniCluster.Options.defaults().withClusterName("eu"));
         MiniCluster us = MiniCluster.start(1, dir.resolve("us"), MiniCluster.Options.defaults().withClusterName("us"));
         MeshkitClient euClient = MeshkitClient.builder().endpoints(eu.clientEndpoints()).build();
         MeshkitClient usClient = MeshkitClient.builder().endpoints(us.clientEndpoints()).build()) {
      Federations.namespace(euClient, "orders", true, 4, List.of("n1", "n2"));
      Federations.describe(euClient, eu.clientEndpoints(), us.clientEndpoints());
      Federations.describe(usClient, eu.clientEndpoints(), us.clientEndpoints());
      Federations.awaitSameShards(euClient, usClient, "replication before the failover");
      FederatedClient follower = FederatedClient.connect(eu.clientEndpoints());
      assertEquals("eu", follower.activeCluster());
      MeshkitClient relaySeed = MeshkitClient.builder().endpoints(us.clientEndpoints()).build();
      RoutingFollower relay = new RoutingFollower(relaySeed, "", Optional.empty()).start();
      AtomicBoolean relayDone = new AtomicBoolean();
      List<String> backwards = new CopyOnWriteArrayList<>();
      Thread order = watchOrder(relay, relayDone, backwards);
      awaitRelayFollows(relay, "eu", 1, euClient);  // pointed at the standby, it follows the primary

      FailoverResponse plan = usClient.federation().failover(FailoverRequest.newBuilder().setTo("us").setDryRun(true)
          .build());
      assertEquals(4, plan.getStepsCount(), plan::toString);
      assertTrue(plan.getSteps(0).startsWith("fence eu at epoch 2"), plan::toString);

      // A writer keeps transferring on eu; what eu acknowledged must be on us after the failover.
      Map<Integer, String> acknowledged = new ConcurrentHashMap<>();
      AtomicBoolean stop = new AtomicBoolean();
      Thread writer = new Thread(() -> {
        for (int i = 0; !stop.get(); i++) {
          try {
            Shard s = transfer(euClient, i % 4);
            acknowledged.put(s.getShardId(), s.getOwner() + "@" + s.getEpoch());
          } catch (MeshkitClientException e) {
            if (e.code() == ErrorCode.FAILED_PRECONDITION) {
              return;  // fenced: writes now fail naming the new primary
            }
          }
        }
      });
      writer.start();
      Thread.sleep(1000);
      FailoverResponse done = usClient.federation().failover(FailoverRequest.newBuilder().setTo("us").build());
      stop.set(true);
      writer.join(30_000);
      assertEquals(List.of("eu", "us", 2L, false), List.of(done.getRecord().getFrom(), done.getRecord().getTo(),
          done.getRecord().getEpoch(), done.getRecord().getForced()), done::toString);
      assertTrue(acknowledged.size() > 0, "the writer got transfers through before the fence");
      Map<Integer, String> onUs = shards(usClient);
      acknowledged.forEach((shard, state) -> {
        String[] ack = state.split("@");
        String[] now = onUs.get(shard).split("@");
        assertTrue(Long.parseLong(now[1]) >= Long.parseLong(ack[1]), "shard " + shard + ": eu acknowledged "
            + state + ", us has " + onUs.get(shard));
      });
      assertEquals(shards(euClient), onUs, "the promoted cluster has everything the old primary had");

      MeshkitClientException fenced = assertThrows(MeshkitClientException.class, () -> transfer(euClient, 0));
      assertTrue(fenced.getMessage().contains("replicated from cluster us"), fenced.getMessage());
      assertEquals(ClusterRole.CLUSTER_PRIMARY, usClient.federation().getCluster(GetClusterRequest.newBuilder()
          .setId("us").build()).getCluster().getRole());
      transfer(usClient, 1);  // writable on the new primary...
      Federations.awaitSameShards(usClient, euClient, "the old primary replicates from the new one");
      follower.call(c -> transfer(c, 3));  // a client that knew only eu follows the failover
      assertEquals("us", follower.activeCluster());
      awaitRelayFollows(relay, "us", 2, usClient);  // and so does the relay, with us's changes

      // Forced: the primary (us) is down; eu is promoted without it.
      us.stop(0);
      FailoverResponse forced = euClient.federation().failover(FailoverRequest.newBuilder().setTo("eu").setForce(true)
          .build());
      assertTrue(forced.getRecord().getForced() && forced.getRecord().getEpoch() == 3, forced::toString);
      assertTrue(forced.getRecord().getLastKnownSource() >= forced.getRecord().getLastReplicated(), forced::toString);
      transfer(euClient, 2);
      follower.call(c -> transfer(c, 0));  // us is unreachable: the client finds eu at the newer epoch
      assertEquals("eu", follower.activeCluster());
      awaitRelayFollows(relay, "eu", 3, euClient);  // the relay asks the other clusters it knows of
      relayDone.set(true);
      order.join();
      relay.close();
      relaySeed.close();
      assertEquals(List.of(), backwards, "the relay's table went back in (epoch, revision)");
      us.restart(0);
      Await.until(() -> {
        try {
          ClusterDescriptor self = usClient.federation().getCluster(GetClusterRequest.newBuilder().setId("us")
              .build()).getCluster();
          return self.getRole() == ClusterRole.CLUSTER_STANDBY && self.getState() == ClusterState.CLUSTER_FAILED_OVER;
        } catch (RuntimeException e) {
          return false;
        }
      }, Duration.ofSeconds(60), "the returning old primary fences itself");
      MeshkitClientException superseded = assertThrows(MeshkitClientException.class, () -> transfer(usClient, 3));
      assertTrue(superseded.getMessage().contains("replicated from cluster eu"), superseded.getMessage());
      Federations.awaitSameShards(euClient, usClient, "and replicates from the new primary");
      follower.close();
    }
  }
}
