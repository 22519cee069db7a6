package io.meshkit.relay.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.proto.v1.ClusterDescriptor;
import io.meshkit.proto.v1.ClusterRole;
import io.meshkit.proto.v1.ClusterState;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegistryEvent;
import io.meshkit.proto.v1.RegistryObject;
import io.meshkit.proto.v1.RegistrySnapshotResponse;
import io.meshkit.proto.v1.ResponseHeader;
import io.meshkit.proto.v1.Shard;
import io.meshkit.sharding.ShardMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routing by key from a snapshot, changes as new immutable tables, revisions that never go back. */
class RoutingTableTest {
  private static final Namespace ORDERS = Namespace.newBuilder().setName("orders").setShardCount(8)
      .setReplicationFactor(2).setHashing(HashingStrategy.newBuilder()
          .setRendezvous(HashingStrategy.Rendezvous.getDefaultInstance())).setShardsCreated(true).build();

  @TempDir
  Path dir;

  private static Node node(String id) {
    return Node.newBuilder().setId(id).addEndpoints(id + ":8080").build();
  }

  private static Shard shard(int id, long epoch, String... replicas) {
    return Shard.newBuilder().setNamespace("orders").setShardId(id).setOwner(replicas[0])
        .addAllReplicas(List.of(replicas)).setEpoch(epoch).build();
  }

  private static RoutingTable table() {
    RegistrySnapshotResponse.Builder s = RegistrySnapshotResponse.newBuilder()
        .setHeader(ResponseHeader.newBuilder().setRevision(100)).addNamespaces(ORDERS)
        .addNodes(node("a")).addNodes(node("b")).addNodes(node("c"));
    for (int i = 0; i < 8; i++) {
      s.addShards(shard(i, 1, i % 2 == 0 ? "a" : "b", "c"));
    }
    return RoutingTable.of(s.build());
  }

  private static RegistryEvent put(Shard s) {
    return RegistryEvent.newBuilder().setObject(RegistryObject.newBuilder().setShard(s)).build();
  }

  private static ClusterDescriptor cluster(String id, ClusterRole role, long epoch) {
    return ClusterDescriptor.newBuilder().setId(id).setRole(role).setState(ClusterState.CLUSTER_ACTIVE)
        .setEpoch(epoch).addGrpcEndpoints(id + ":2379").build();
  }

  /** {@link #table()} as read from cluster {@code from} of a federation of "eu" and "us". */
  private static RoutingTable federated(String from, long revision, long euEpoch, long usEpoch) {
    return RoutingTable.of(table().toSnapshot().toBuilder().setCluster(from)
        .setHeader(ResponseHeader.newBuilder().setRevision(revision))
        .addClusters(cluster("eu", euEpoch > usEpoch ? ClusterRole.CLUSTER_PRIMARY : ClusterRole.CLUSTER_STANDBY,
            euEpoch))
        .addClusters(cluster("us", usEpoch > euEpoch ? ClusterRole.CLUSTER_PRIMARY : ClusterRole.CLUSTER_STANDBY,
            usEpoch)).build());
  }

  @Test
  void federatedTablesOrderByTheirClustersEpochThenRevision() {
    RoutingTable euAt1 = federated("eu", 500, 1, 0);
    assertEquals(List.of("eu", 1L), List.of(euAt1.cluster(), euAt1.epoch()));
    RoutingTable usAt2 = federated("us", 40, 1, 2);
    assertTrue(usAt2.newerThan(euAt1), "a higher epoch wins whatever the revisions: each cluster numbers its own");
    assertFalse(euAt1.newerThan(usAt2));
    assertTrue(federated("us", 41, 1, 2).newerThan(usAt2), "then the revision");
    assertFalse(usAt2.newerThan(usAt2));
    assertEquals(0, table().epoch(), "not federated: epoch 0, revisions alone");
    assertTrue(table().advance(101).newerThan(table()));

    // The followed cluster's descriptors change through the watch like any record; the epoch follows its own.
    RoutingTable promoted = federated("us", 40, 1, 0).apply(41, List.of(RegistryEvent.newBuilder().setObject(
        RegistryObject.newBuilder().setCluster(cluster("us", ClusterRole.CLUSTER_PRIMARY, 2))).build()));
    assertEquals(2, promoted.epoch());
    assertEquals(2, promoted.clusters().size());
    RoutingTable copy = RoutingTable.of(promoted.toSnapshot());
    assertEquals(List.of("us", 2L, 41L), List.of(copy.cluster(), copy.epoch(), copy.revision()),
        "the last known good file keeps the cluster and its descriptors");
  }

  @Test
  void aKeyGoesToItsShardsOwnerThroughTheSharedHashing() {
    RoutingTable t = table();
    for (String key : List.of("customer-1", "customer-42", "k", "")) {
      int shard = ShardMap.of(ORDERS).shardOf(key);
      Route r = t.route("orders", key).orElseThrow();
      assertEquals(shard, r.shardId());
      assertEquals(shard % 2 == 0 ? "a" : "b", r.owner().getId());
      assertEquals(List.of("c:8080"), r.replicas().get(0).getEndpointsList());
      assertEquals(100, r.revision());
    }
    assertTrue(t.route("unknown", "k").isEmpty());
    assertTrue(t.route("orders", 8).isEmpty());
  }

  @Test
  void aChangeMakesANewTableAndLeavesTheOldOneAsItWas() {
    RoutingTable before = table();
    Route built = before.route("orders", 3).orElseThrow();
    assertSame(built, before.route("orders", 3).orElseThrow(), "a table builds each route once");
    RoutingTable after = before.apply(101, List.of(put(shard(3, 2, "c", "b"))));
    assertEquals(101, after.revision());
    assertEquals("c", after.route("orders", 3).orElseThrow().owner().getId());
    assertEquals(2, after.route("orders", 3).orElseThrow().epoch());
    assertEquals("b", before.route("orders", 3).orElseThrow().owner().getId(), "the old table is untouched");
    assertEquals("a", after.route("orders", 2).orElseThrow().owner().getId(), "other shards carried over");
    Node moved = Node.newBuilder().setId("c").addEndpoints("10.0.0.3:9000").build();
    assertEquals(101, after.route("orders", 3).orElseThrow().revision());
    RoutingTable nodeChanged = after.apply(102, List.of(RegistryEvent.newBuilder().setObject(
        RegistryObject.newBuilder().setNode(moved)).build()));
    assertEquals(List.of("10.0.0.3:9000"), nodeChanged.route("orders", 3).orElseThrow().owner().getEndpointsList());
    assertEquals(List.of("c:8080"), after.route("orders", 3).orElseThrow().owner().getEndpointsList());
  }

  @Test
  void revisionsNeverGoBack() {
    RoutingTable t = table().apply(105, List.of(put(shard(3, 2, "c"))));
    assertSame(t, t.apply(104, List.of(put(shard(3, 9, "a")))), "a late event changes nothing");
    assertSame(t, t.apply(105, List.of(put(shard(3, 9, "a")))));
    assertSame(t, t.advance(100));
    RoutingTable progressed = t.advance(110);
    assertEquals(110, progressed.revision());
    assertEquals("c", progressed.route("orders", 3).orElseThrow().owner().getId());
  }

  @Test
  void deletingANamespaceRemovesItsRoutesAndANewMappingStartsWithoutShards() {
    RoutingTable gone = table().apply(101, List.of(RegistryEvent.newBuilder().setType(RegistryEvent.Type.DELETE)
        .setObject(RegistryObject.newBuilder().setNamespace(ORDERS)).build()));
    assertTrue(gone.route("orders", "k").isEmpty());
    assertFalse(gone.namespace("orders").isPresent());
    RoutingTable remapped = table().apply(101, List.of(RegistryEvent.newBuilder().setObject(RegistryObject
        .newBuilder().setNamespace(ORDERS.toBuilder().setShardCount(4))).build()));
    assertTrue(remapped.route("orders", 0).isEmpty(), "shards of the old mapping do not carry over");
    RoutingTable sameMapping = table().apply(101, List.of(RegistryEvent.newBuilder().setObject(RegistryObject
        .newBuilder().setNamespace(ORDERS.toBuilder().setReplicationFactor(3))).build()));
    assertEquals("a", sameMapping.route("orders", 0).orElseThrow().owner().getId());
  }

  @Test
  void theLastKnownGoodTableSurvivesARestartAndABadFileIsNamed() throws Exception {
    LastKnownGood file = new LastKnownGood(dir.resolve("relay/routes.pb"));
    assertTrue(file.load().isEmpty());
    RoutingTable t = table().apply(101, List.of(put(shard(3, 2, "c"))));
    file.save(t);
    RoutingTable loaded = file.load().orElseThrow();
    assertEquals(t.toSnapshot(), loaded.toSnapshot());
    assertEquals(101, loaded.revision());
    Files.write(file.file(), new byte[] {1, 2, 3});
    IllegalStateException bad = assertThrows(IllegalStateException.class, file::load);
    assertTrue(bad.getMessage().contains("routes.pb") && bad.getMessage().contains("delete it"), bad.getMessage());
  }
}
