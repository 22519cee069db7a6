package io.meshkit.rebalancer.plan;

import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.NodeState;
import io.meshkit.proto.v1.PlacementConstraints;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.ShardStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A namespace's registry snapshot and gossip health for planner tests; moves apply as execution would. */
final class Fleet {
  final Namespace namespace;
  final Map<String, Node> nodes = new TreeMap<>();
  final Map<Integer, Shard> shards = new TreeMap<>();
  final Map<String, PeerHealth> health = new HashMap<>();
  long revision = 100;

  Fleet(int replication, boolean spreadZones) {
    namespace = Namespace.newBuilder().setName("orders").setShardCount(0).setReplicationFactor(replication)
        .setHashing(HashingStrategy.newBuilder().setRendezvous(HashingStrategy.Rendezvous.getDefaultInstance()))
        .setPlacement(PlacementConstraints.newBuilder().setSpreadZones(spreadZones)).build();
  }

  Fleet node(String id, String zone, double weight) {
    nodes.put(id, Node.newBuilder().setId(id).setZone(zone).setCapacityWeight(weight).setState(NodeState.NODE_ACTIVE)
        .build());
    health.put(id, PeerHealth.alive(id));
    return this;
  }

  Fleet state(String id, NodeState state) {
    nodes.put(id, nodes.get(id).toBuilder().setState(state).build());
    return this;
  }

  Fleet liveness(String id, Liveness liveness) {
    PeerHealth h = health.getOrDefault(id, PeerHealth.unknown(id));
    health.put(id, new PeerHealth(id, liveness, h.rttMillis(), h.backpressure(), h.errorRate()));
    return this;
  }

  Fleet shard(int id, String... replicas) {
    shards.put(id, Shard.newBuilder().setNamespace(namespace.getName()).setShardId(id).setOwner(replicas[0])
        .addAllReplicas(List.of(replicas)).setStatus(ShardStatus.SHARD_ACTIVE).setEpoch(1).build());
    return this;
  }

  PlanInput input(PlanPolicy policy, boolean rebalancing) {
    return new PlanInput(namespace.toBuilder().setShardCount(shards.size()).build(), List.copyOf(shards.values()),
        List.copyOf(nodes.values()), health, revision, policy, rebalancing);
  }

  /** Applies {@code plan}'s moves as the controller would: the owner changes bump the epoch. */
  void apply(Plan plan) {
    for (Move m : plan.moves()) {
      Shard s = shards.get(m.shardId());
      if (s.getEpoch() != m.expectedEpoch()) {
        throw new AssertionError("move " + m + " expected epoch " + m.expectedEpoch() + ", shard is at " + s.getEpoch());
      }
      List<String> r = new ArrayList<>(s.getReplicasList());
      switch (m.kind()) {
        case PROMOTE -> {
          r.remove(m.to());
          r.add(0, m.to());
        }
        case OWNER, REPLICA -> r.set(r.indexOf(m.from()), m.to());
        default -> throw new AssertionError(m.kind());
      }
      boolean ownerChanged = !r.get(0).equals(s.getOwner());
      shards.put(m.shardId(), s.toBuilder().setOwner(r.get(0)).clearReplicas().addAllReplicas(r)
          .setEpoch(s.getEpoch() + (ownerChanged ? 1 : 0)).build());
    }
    revision += plan.moves().size();
  }

  /** Shards (as owner or replica) on {@code node}. */
  long held(String node) {
    return shards.values().stream().filter(s -> s.getReplicasList().contains(node)).count();
  }

  long owned(String node) {
    return shards.values().stream().filter(s -> s.getOwner().equals(node)).count();
  }
}
