package io.meshkit.jepsen.workload;

import io.meshkit.client.MeshkitClient;
import io.meshkit.client.MeshkitClientException;
import io.meshkit.proto.v1.ClusterDescriptor;
import io.meshkit.proto.v1.ClusterRole;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.GetClusterRequest;
import io.meshkit.proto.v1.ListShardsRequest;
import io.meshkit.proto.v1.RegisterClusterRequest;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.UpdateClusterRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The federation the federation workload runs, set up before any fault: both clusters' descriptors on
 * both clusters (the primary and its standby, each with its members' gRPC addresses), and the wait for
 * the standby's first copy of the exported namespace. Each call is retried until acknowledged; a
 * descriptor registered by an earlier run on the same cluster is accepted, its endpoints updated if
 * they changed.
 */
final class FederationSetup {
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private FederationSetup() {}

  /** Registers {@code primary} as the primary and {@code standby} as its standby on {@code cluster}. */
  static void describe(List<String> cluster, String primary, List<String> primaryEndpoints, String standby,
      List<String> standbyEndpoints) throws InterruptedException {
    try (MeshkitClient client = client(cluster)) {
      register(client, ClusterDescriptor.newBuilder().setId(primary).setRole(ClusterRole.CLUSTER_PRIMARY)
          .addAllGrpcEndpoints(primaryEndpoints).build());
      register(client, ClusterDescriptor.newBuilder().setId(standby).setRole(ClusterRole.CLUSTER_STANDBY)
          .addAllGrpcEndpoints(standbyEndpoints).build());
    }
  }

  private static void register(MeshkitClient client, ClusterDescriptor descriptor) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      try {
        client.federation().registerCluster(RegisterClusterRequest.newBuilder().setCluster(descriptor).build());
        return;
      } catch (MeshkitClientException e) {
        if (e.code() == ErrorCode.ALREADY_EXISTS) {
          ClusterDescriptor known = client.federation().getCluster(GetClusterRequest.newBuilder()
              .setId(descriptor.getId()).build()).getCluster();
          if (known.getRole() != descriptor.getRole()) {
            throw new IllegalStateException("setup: cluster " + descriptor.getId() + " is registered as "
                + known.getRole() + " already (a failover ran on this cluster?); start a fresh cluster");
          }
          if (!known.getGrpcEndpointsList().equals(descriptor.getGrpcEndpointsList())) {
            client.federation().updateCluster(UpdateClusterRequest.newBuilder().setCluster(known.toBuilder()
                .clearGrpcEndpoints().addAllGrpcEndpoints(descriptor.getGrpcEndpointsList()))
                .setExpectedVersion(known.getVersion()).build());
          }
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("setup: could not register cluster " + descriptor.getId() + " within "
              + PATIENCE.toSeconds() + " s: " + e.getMessage(), e);
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
    }
  }

  /**
   * Waits until {@code standby} has a copy of every one of the {@code shards} shards of {@code namespace}.
   *
   * @throws IllegalStateException when it has not within a minute: replication never started
   */
  static void awaitFirstCopy(List<String> standby, String namespace, int shards) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    try (MeshkitClient client = client(standby)) {
      while (true) {
        try {
          List<Shard> copy = client.registry().listShards(ListShardsRequest.newBuilder().setNamespace(namespace)
              .build()).getShardsList();
          if (copy.size() == shards) {
            return;
          }
        } catch (MeshkitClientException notYet) {
          // NOT_FOUND until the namespace arrives
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("setup: the standby had no copy of " + namespace + " within "
              + PATIENCE.toSeconds() + " s: replication did not start (see the standby's server.log)");
        }
        TimeUnit.MILLISECONDS.sleep(250);
      }
    }
  }

  static MeshkitClient client(List<String> endpoints) {
    return MeshkitClient.builder().endpoints(endpoints).callTimeout(Duration.ofSeconds(3)).build();
  }
}
