package io.meshkit.client;

import io.meshkit.proto.v1.ClusterDescriptor;
import io.meshkit.proto.v1.ClusterRole;
import io.meshkit.proto.v1.ClusterState;
import io.meshkit.proto.v1.ListClustersRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which cluster of a federation takes writes: the active primary of the highest epoch any descriptor
 * names (a superseded primary may still call itself primary until it fences itself; its epoch is lower).
 * Shared by {@link FederatedClient} and the relay's routing follower, which both follow failovers.
 */
public final class ActivePrimary {
  private ActivePrimary() {}

  /** The active primary (with client endpoints) of the highest epoch among {@code descriptors}. */
  public static Optional<ClusterDescriptor> of(Collection<ClusterDescriptor> descriptors) {
    return descriptors.stream().filter(d -> d.getRole() == ClusterRole.CLUSTER_PRIMARY
        && d.getState() == ClusterState.CLUSTER_ACTIVE && d.getGrpcEndpointsCount() > 0)
        .max(Comparator.comparingLong(ClusterDescriptor::getEpoch));
  }

  /**
   * Every descriptor the clusters at {@code clusters} (one list of member endpoints each) hold, each
   * read serializably from whichever member answers; a cluster that cannot be reached is skipped.
   */
  public static List<ClusterDescriptor> ask(Collection<List<String>> clusters,
      Function<List<String>, MeshkitClient> clients) {
    List<ClusterDescriptor> seen = new ArrayList<>();
    for (List<String> endpoints : List.copyOf(clusters)) {
      try (MeshkitClient c = clients.apply(endpoints)) {
        seen.addAll(c.federation().listClusters(ListClustersRequest.newBuilder().setSerializable(true).build())
            .getClustersList());
      } catch (RuntimeException e) {
        // unreachable now; another cluster may answer
      }
    }
    return seen;
  }
}
