package io.meshkit.federation.failover;

import static io.meshkit.federation.descriptors.ClusterWords.word;

import io.meshkit.federation.replication.Checkpoints;
import io.meshkit.proto.v1.FenceClusterRequest;
import io.meshkit.proto.internal.v1.PromoteClusterCommand;
import io.meshkit.proto.v1.AuditRecord;
import io.meshkit.proto.v1.ClusterDescriptor;
import io.meshkit.proto.v1.ClusterRole;
import io.meshkit.proto.v1.ClusterState;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.FailoverRecord;
import io.meshkit.proto.v1.ReplicationCheckpoint;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.CommandFailure;
import io.meshkit.registry.shards.RegistryAccess;
import java.util.List;

/**
 * The two halves of a failover, each applied in its own cluster, on the apply thread.
 *
 * <p>Fence (on the old primary): it stops being the primary in its own registry — its descriptor a
 * failed-over standby, the new primary's the active primary at the new epoch — and its exported
 * namespaces and nodes become read-only copies of the new primary, so every write to them fails naming
 * it, and replication the other way can take them over. Promote (on the standby): its copies of the old
 * primary become its own, its descriptor the active primary at the new epoch, and the failover is
 * recorded — for a forced one with its data-loss window (what the old primary had that was never
 * replicated). Both are idempotent: asked again at the same epoch, they change nothing.
 *
 * <p>Epochs only grow: a new epoch must be above every epoch this registry knows.
 */
public final class FailoverCommands {
  private FailoverCommands() {}

  public static AuditRecord fence(ApplyContext context, FenceClusterRequest c) {
    ClusterDescriptor self = descriptor(context, c.getCluster());
    ClusterDescriptor next = descriptor(context, c.getSupersededBy());
    if (next.getRole() == ClusterRole.CLUSTER_PRIMARY && next.getEpoch() == c.getEpoch()
        && self.getState() == ClusterState.CLUSTER_FAILED_OVER) {
      return RegistryAccess.unchanged(context, "cluster.fence", c.getChange());
    }
    if (self.getRole() != ClusterRole.CLUSTER_PRIMARY) {
      throw new CommandFailure(ErrorCode.FAILED_PRECONDITION, "cluster " + self.getId() + " is not the primary"
          + " here (" + word(self.getRole()) + ", " + word(self.getState()) + "); only a primary is fenced");
    }
    if (next.getRole() == ClusterRole.CLUSTER_OBSERVER) {
      throw new CommandFailure(ErrorCode.FAILED_PRECONDITION, "cluster " + next.getId() + " is an observer; fail"
          + " over to a standby");
    }
    requireNewEpoch(context, c.getEpoch());
    return RegistryAccess.rehome(context, "cluster.fence", c.getChange(), "", next.getId(), true, List.of(
        self.toBuilder().setRole(ClusterRole.CLUSTER_STANDBY).setState(ClusterState.CLUSTER_FAILED_OVER).build(),
        next.toBuilder().setRole(ClusterRole.CLUSTER_PRIMARY).setState(ClusterState.CLUSTER_ACTIVE)
            .setEpoch(c.getEpoch()).build()));
  }

  public static FailoverRecord promote(ApplyContext context, PromoteClusterCommand c) {
    ClusterDescriptor self = descriptor(context, c.getCluster());
    ClusterDescriptor previous = descriptor(context, c.getPrevious());
    if (self.getRole() == ClusterRole.CLUSTER_PRIMARY && self.getEpoch() == c.getEpoch()) {
      return FailoverRecords.latest(context).orElseThrow(() -> new CommandFailure(ErrorCode.FAILED_PRECONDITION,
          "cluster " + self.getId() + " is already the primary at epoch " + c.getEpoch()));
    }
    if (self.getRole() != ClusterRole.CLUSTER_STANDBY) {
      throw new CommandFailure(ErrorCode.FAILED_PRECONDITION, "cluster " + self.getId() + " is "
          + word(self.getRole()) + "; only a standby is promoted");
    }
    requireNewEpoch(context, c.getEpoch());
    long lastReplicated = Checkpoints.read(context, previous.getId()).map(ReplicationCheckpoint::getRevision)
        .orElse(0L);
    AuditRecord audit = RegistryAccess.rehome(context, "cluster.promote", c.getChange(), previous.getId(), "", false,
        List.of(self.toBuilder().setRole(ClusterRole.CLUSTER_PRIMARY).setState(ClusterState.CLUSTER_ACTIVE)
            .setEpoch(c.getEpoch()).build(), previous.toBuilder().setRole(ClusterRole.CLUSTER_STANDBY)
            .setState(c.getForced() ? ClusterState.CLUSTER_FENCED : ClusterState.CLUSTER_FAILED_OVER).build()));
    Checkpoints.delete(context, previous.getId());
    FailoverRecord record = FailoverRecord.newBuilder().setFrom(previous.getId()).setTo(self.getId())
        .setEpoch(c.getEpoch()).setForced(c.getForced()).setLastReplicated(lastReplicated)
        .setLastKnownSource(Math.max(lastReplicated, c.getLastKnownSource())).setRevision(audit.getRevision())
        .setApplyTimeUnixMs(context.applyTimeMillis()).build();
    FailoverRecords.write(context, record);
    return record;
  }

  private static ClusterDescriptor descriptor(ApplyContext context, String id) {
    return RegistryAccess.cluster(context, id).orElseThrow(() -> new CommandFailure(ErrorCode.NOT_FOUND,
        "cluster " + id + " is not registered here; register every cluster of the federation on each of them"));
  }

  private static void requireNewEpoch(ApplyContext context, long epoch) {
    long highest = RegistryAccess.clusters(context).stream().mapToLong(ClusterDescriptor::getEpoch).max().orElse(0);
    if (epoch <= highest) {
      throw new CommandFailure(ErrorCode.FAILED_PRECONDITION, "epoch " + epoch + " is not above the federation's"
          + " highest here (" + highest + "); fail over at epoch " + (highest + 1) + " or more");
    }
  }

}
