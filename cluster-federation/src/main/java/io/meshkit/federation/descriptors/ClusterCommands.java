package io.meshkit.federation.descriptors;

import static io.meshkit.federation.descriptors.ClusterWords.word;

import io.meshkit.proto.v1.AuditRecord;
import io.meshkit.proto.v1.ClusterDescriptor;
import io.meshkit.proto.v1.ClusterRole;
import io.meshkit.proto.v1.ClusterState;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.RegisterClusterRequest;
import io.meshkit.proto.v1.UpdateClusterRequest;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.CommandFailure;
import io.meshkit.registry.shards.RegistryAccess;
import java.util.List;
import java.util.Optional;

/**
 * Applying register and update of cluster descriptors, on the apply thread: checks against the
 * stored descriptors (business failures throw {@link CommandFailure} before anything is written),
 * then one audited registry write.
 *
 * <p>Invariants: ids are unique; at most one cluster is an active primary; a primary's epoch is above
 * every other cluster's (it starts one above the federation's highest); role, state and epoch change
 * only through failover, never through update.
 */
final class ClusterCommands {
  private ClusterCommands() {}

  static AuditRecord register(ApplyContext context, RegisterClusterRequest request) {
    ClusterDescriptor wanted = request.getCluster();
    List<ClusterDescriptor> all = RegistryAccess.clusters(context);
    all.stream().filter(c -> c.getId().equals(wanted.getId())).findFirst().ifPresent(existing -> {
      throw new CommandFailure(ErrorCode.ALREADY_EXISTS, "cluster " + wanted.getId() + " is already registered ("
          + word(existing.getRole()) + ", " + word(existing.getState()) + "); update it instead");
    });
    long epoch = 0;
    if (wanted.getRole() == ClusterRole.CLUSTER_PRIMARY) {
      all.stream().filter(ClusterCommands::activePrimary).findFirst().ifPresent(primary -> {
        throw new CommandFailure(ErrorCode.FAILED_PRECONDITION, "cluster " + primary.getId()
            + " is already the primary; register " + wanted.getId() + " as a standby, or fail over to it once it is"
            + " registered");
      });
      epoch = all.stream().mapToLong(ClusterDescriptor::getEpoch).max().orElse(0) + 1;
    }
    ClusterDescriptor stored = wanted.toBuilder().setState(ClusterState.CLUSTER_ACTIVE).setEpoch(epoch)
        .setCreateRevision(context.revision()).setModRevision(context.revision()).setVersion(1).build();
    return RegistryAccess.putCluster(context, "cluster.register", request.getChange(), Optional.empty(), stored);
  }

  static AuditRecord update(ApplyContext context, UpdateClusterRequest request) {
    ClusterDescriptor wanted = request.getCluster();
    ClusterDescriptor existing = RegistryAccess.cluster(context, wanted.getId()).orElseThrow(() ->
        new CommandFailure(ErrorCode.NOT_FOUND, "cluster " + wanted.getId() + " is not registered; register it"
            + " first (meshctl clusters register)"));
    if (request.getExpectedVersion() != 0 && request.getExpectedVersion() != existing.getVersion()) {
      throw new CommandFailure(ErrorCode.CONFLICT, "cluster " + existing.getId() + " is at version "
          + existing.getVersion() + ", not " + request.getExpectedVersion() + "; read it again and retry");
    }
    if (wanted.getRole() != ClusterRole.CLUSTER_ROLE_UNSPECIFIED && wanted.getRole() != existing.getRole()
        || wanted.getState() != ClusterState.CLUSTER_STATE_UNSPECIFIED && wanted.getState() != existing.getState()
        || wanted.getEpoch() != 0 && wanted.getEpoch() != existing.getEpoch()) {
      throw new CommandFailure(ErrorCode.FAILED_PRECONDITION, "cluster " + existing.getId() + " is "
          + word(existing.getRole()) + ", " + word(existing.getState()) + " at epoch " + existing.getEpoch()
          + "; role, state and epoch change only through failover (meshctl clusters failover)");
    }
    ClusterDescriptor updated = existing.toBuilder().setRegion(wanted.getRegion()).clearZones()
        .addAllZones(wanted.getZonesList()).setPriority(wanted.getPriority()).clearGrpcEndpoints()
        .addAllGrpcEndpoints(wanted.getGrpcEndpointsList()).clearRelayEndpoints()
        .addAllRelayEndpoints(wanted.getRelayEndpointsList()).clearLabels().putAllLabels(wanted.getLabelsMap())
        .build();
    if (updated.equals(existing)) {
      return RegistryAccess.unchanged(context, "cluster.update", request.getChange());
    }
    return RegistryAccess.putCluster(context, "cluster.update", request.getChange(), Optional.of(existing),
        updated.toBuilder().setModRevision(context.revision()).setVersion(existing.getVersion() + 1).build());
  }

  static boolean activePrimary(ClusterDescriptor c) {
    return c.getRole() == ClusterRole.CLUSTER_PRIMARY && c.getState() != ClusterState.CLUSTER_FAILED_OVER
        && c.getState() != ClusterState.CLUSTER_FENCED;
  }

}
