package io.meshkit.perf.relay;

import io.meshkit.client.MeshkitClient;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.CreateShardsRequest;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.ListShardsRequest;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegisterNodeRequest;
import io.meshkit.proto.v1.Shard;
import java.time.Duration;
import java.util.List;

/**
 * The relay benchmark's registry entries: one node, the backend, and a namespace whose every shard
 * it owns (replication 1), so whatever the key, the relay sends the request to the backend.
 */
public final class BenchNamespace {
  /** The namespace every benchmark request belongs to. */
  public static final String NAME = "bench";
  private static final String NODE = "bench-backend";

  private BenchNamespace() {}

  /**
   * Registers the backend at {@code backend} ("host:port") and creates the namespace with {@code shards}
   * shards through the members at {@code endpoints}.
   *
   * @throws IllegalStateException when a shard ends up owned by another node
   */
  public static void create(List<String> endpoints, String backend, int shards) {
    try (MeshkitClient client = MeshkitClient.builder().endpoints(endpoints).callTimeout(Duration.ofSeconds(10))
        .build()) {
      client.registry().registerNode(RegisterNodeRequest.newBuilder()
          .setNode(Node.newBuilder().setId(NODE).addEndpoints(backend)).build());
      client.registry().createNamespace(CreateNamespaceRequest.newBuilder().setNamespace(Namespace.newBuilder()
          .setName(NAME).setShardCount(shards).setReplicationFactor(1).setHashing(HashingStrategy.newBuilder()
              .setRendezvous(HashingStrategy.Rendezvous.getDefaultInstance()))).build());
      client.registry().createShards(CreateShardsRequest.newBuilder().setNamespace(NAME).build());
      List<Shard> created = client.registry().listShards(ListShardsRequest.newBuilder().setNamespace(NAME).build())
          .getShardsList();
      if (created.size() != shards || !created.stream().allMatch(s -> NODE.equals(s.getOwner()))) {
        throw new IllegalStateException("namespace " + NAME + " should have " + shards + " shards, all owned by "
            + NODE + "; the registry has " + created);
      }
    }
  }
}
