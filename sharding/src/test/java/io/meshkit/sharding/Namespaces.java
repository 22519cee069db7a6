package io.meshkit.sharding;

import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.PlacementConstraints;
import java.util.List;

/** Namespace configs for the tests. */
final class Namespaces {
  private Namespaces() {}

  static Namespace rendezvous(String name, int shards, int replicas) {
    return Namespace.newBuilder().setName(name).setShardCount(shards).setReplicationFactor(replicas)
        .setHashing(HashingStrategy.newBuilder().setRendezvous(HashingStrategy.Rendezvous.getDefaultInstance()))
        .build();
  }

  static Namespace ring(String name, int shards, int replicas, int virtualNodes) {
    return Namespace.newBuilder().setName(name).setShardCount(shards).setReplicationFactor(replicas)
        .setHashing(HashingStrategy.newBuilder().setRing(HashingStrategy.Ring.newBuilder().setVirtualNodes(virtualNodes)))
        .build();
  }

  static Namespace ranges(String name, List<String> splits) {
    return Namespace.newBuilder().setName(name).setShardCount(splits.size() + 1).setReplicationFactor(1)
        .setHashing(HashingStrategy.newBuilder().setRanges(HashingStrategy.KeyRanges.newBuilder().addAllSplitPoints(splits)))
        .build();
  }

  static Namespace spreadOverZones(Namespace namespace) {
    return namespace.toBuilder().setPlacement(PlacementConstraints.newBuilder().setSpreadZones(true)).build();
  }
}
