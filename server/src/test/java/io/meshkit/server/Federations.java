package io.meshkit.server;

import io.meshkit.client.MeshkitClient;
import io.meshkit.proto.v1.ClusterDescriptor;
import io.meshkit.proto.v1.ClusterRole;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.CreateShardsRequest;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.NamespacePolicy;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegisterClusterRequest;
import io.meshkit.proto.v1.RegisterNodeRequest;
import java.util.List;

/** The federation the two-cluster tests set up: "eu" the primary, "us" its standby, and what eu exports. */
final class Federations {
  private Federations() {}

  /** Registers both clusters' descriptors through {@code client} (do it on each cluster). */
  static void describe(MeshkitClient client, List<String> euEndpoints, List<String> usEndpoints) {
    client.federation().registerCluster(RegisterClusterRequest.newBuilder().setCluster(ClusterDescriptor.newBuilder()
        .setId("eu").setRole(ClusterRole.CLUSTER_PRIMARY).addAllGrpcEndpoints(euEndpoints)).build());
    client.federation().registerCluster(RegisterClusterRequest.newBuilder().setCluster(ClusterDescriptor.newBuilder()
        .setId("us").setRole(ClusterRole.CLUSTER_STANDBY).addAllGrpcEndpoints(usEndpoints)).build());
  }

  /** Nodes {@code nodes} and namespace {@code name} of {@code shards} shards (replication 1) with its shards. */
  static void namespace(MeshkitClient client, String name, boolean exported, int shards, List<String> nodes) {
    for (String n : nodes) {
      if (client.registry().listNodes(io.meshkit.proto.v1.ListNodesRequest.getDefaultInstance()).getNodesList()
          .stream().noneMatch(x -> x.getId().equals(n))) {
        client.registry().registerNode(RegisterNodeRequest.newBuilder().setNode(Node.newBuilder().setId(n)
            .addEndpoints(n + ":9000")).build());
      }
    }
    client.registry().createNamespace(CreateNamespaceRequest.newBuilder().setNamespace(Namespace.newBuilder()
        .setName(name).setShardCount(shards).setReplicationFactor(1).setHashing(HashingStrategy.newBuilder()
            .setRendezvous(HashingStrategy.Rendezvous.getDefaultInstance()))
        .setPolicy(NamespacePolicy.newBuilder().setFederationExport(exported))).build());
    client.registry().createShards(CreateShardsRequest.newBuilder().setNamespace(name).build());
  }
}
