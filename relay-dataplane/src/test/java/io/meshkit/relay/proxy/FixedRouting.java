package io.meshkit.relay.proxy;

import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.ClusterDescriptor;
import io.meshkit.proto.v1.ClusterRole;
import io.meshkit.proto.v1.ClusterState;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegistrySnapshotResponse;
import io.meshkit.proto.v1.ResponseHeader;
import io.meshkit.proto.v1.Shard;
import io.meshkit.relay.routing.RoutingSource;
import io.meshkit.relay.routing.RoutingTable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Routing from real tables set by the test: {@link #current()} is what {@link #set} put there, and a
 * {@link #refresh()} installs what {@link #onRefresh} prepared (as a fresh snapshot would).
 */
final class FixedRouting implements RoutingSource {
  static final Namespace ORDERS = Namespace.newBuilder().setName("orders").setShardCount(4).setReplicationFactor(1)
      .setHashing(HashingStrategy.newBuilder().setRendezvous(HashingStrategy.Rendezvous.getDefaultInstance()))
      .setShardsCreated(true).build();

  private final AtomicReference<RoutingTable> current = new AtomicReference<>();
  private final AtomicReference<RoutingTable> next = new AtomicReference<>();
  final AtomicInteger refreshes = new AtomicInteger();

  FixedRouting(RoutingTable first) {
    current.set(first);
  }

  /** Every shard of "orders" owned by the node {@code owner} at {@code endpoint}, at {@code revision}. */
  static RoutingTable ownedBy(long revision, String owner, String endpoint) {
    RegistrySnapshotResponse.Builder s = RegistrySnapshotResponse.newBuilder()
        .setHeader(ResponseHeader.newBuilder().setRevision(revision)).addNamespaces(ORDERS)
        .addNodes(Node.newBuilder().setId(owner).addEndpoints(endpoint));
    for (int i = 0; i < ORDERS.getShardCount(); i++) {
      s.addShards(Shard.newBuilder().setNamespace("orders").setShardId(i).setOwner(owner).addReplicas(owner)
          .setEpoch(1));
    }
    return RoutingTable.of(s.build());
  }

  /** As {@link #ownedBy}, read from cluster "eu" of a federation, which was promoted at {@code epoch}. */
  static RoutingTable federated(long revision, long epoch, String owner, String endpoint) {
    return RoutingTable.of(ownedBy(revision, owner, endpoint).toSnapshot().toBuilder().setCluster("eu")
        .addClusters(ClusterDescriptor.newBuilder().setId("eu").setRole(ClusterRole.CLUSTER_PRIMARY)
            .setState(ClusterState.CLUSTER_ACTIVE).setEpoch(epoch)).build());
  }

  /**
   * Every shard of "orders" owned by {@code owner} with {@code replica} as its second replica; the
   * namespace's relay_replica_fallback as given.
   */
  static RoutingTable replicated(long revision, String owner, String ownerEndpoint, String replica,
      String replicaEndpoint, boolean replicaFallback) {
    Namespace ns = ORDERS.toBuilder().setReplicationFactor(2).setPolicy(ORDERS.getPolicy().toBuilder()
        .setRelayReplicaFallback(replicaFallback)).build();
    RegistrySnapshotResponse.Builder s = RegistrySnapshotResponse.newBuilder()
        .setHeader(ResponseHeader.newBuilder().setRevision(revision)).addNamespaces(ns)
        .addNodes(Node.newBuilder().setId(owner).addEndpoints(ownerEndpoint))
        .addNodes(Node.newBuilder().setId(replica).addEndpoints(replicaEndpoint));
    for (int i = 0; i < ns.getShardCount(); i++) {
      s.addShards(Shard.newBuilder().setNamespace("orders").setShardId(i).setOwner(owner).addReplicas(owner)
          .addReplicas(replica).setEpoch(1));
    }
    return RoutingTable.of(s.build());
  }

  void set(RoutingTable table) {
    current.set(table);
  }

  void onRefresh(RoutingTable table) {
    next.set(table);
  }

  @Override
  public RoutingTable current() {
    return current.get();
  }

  @Override
  public CompletableFuture<RoutingTable> refresh() {
    refreshes.incrementAndGet();
    RoutingTable fresh = next.get();
    if (fresh != null) {
      current.set(fresh);
    }
    return CompletableFuture.completedFuture(current.get());
  }
}
