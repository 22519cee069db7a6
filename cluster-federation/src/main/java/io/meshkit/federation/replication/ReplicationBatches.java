package io.meshkit.federation.replication;

import io.meshkit.proto.internal.v1.ApplyReplicationBatchCommand;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.ReplicationCheckpoint;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.CommandFailure;
import io.meshkit.registry.shards.RegistryAccess;

/**
 * Applying a replication batch on the standby, on the apply thread: the source's registry changes
 * and the new checkpoint in the same entry, so either both are applied or neither.
 *
 * <p>Exactly once: a batch that ends at or below the checkpoint was applied already (a replicator
 * that restarted, a retried proposal) and changes nothing; a batch must start right after the
 * checkpoint — a gap would lose changes, an overlap would apply some twice — else it is refused with
 * the revision to resume from. A resync (from a snapshot) replaces the source's records whatever the
 * checkpoint was, and sets it to the snapshot's revision.
 */
public final class ReplicationBatches {
  private ReplicationBatches() {}

  public static ReplicationCheckpoint apply(ApplyContext context, ApplyReplicationBatchCommand batch) {
    ReplicationCheckpoint current = Checkpoints.read(context, batch.getSource()).orElse(
        ReplicationCheckpoint.newBuilder().setSource(batch.getSource()).build());
    if (!batch.getResync()) {
      if (batch.getToRevision() <= current.getRevision()) {
        return current;
      }
      if (batch.getFromRevision() != current.getRevision() + 1) {
        throw new CommandFailure(ErrorCode.FAILED_PRECONDITION, "replication from " + batch.getSource()
            + " is at revision " + current.getRevision() + "; a batch from " + batch.getFromRevision()
            + " would " + (batch.getFromRevision() > current.getRevision() + 1 ? "skip changes" : "repeat changes")
            + ": resume from revision " + (current.getRevision() + 1));
      }
    }
    RegistryAccess.replicate(context, batch.getSource(), batch.getEventsList(), batch.getResync());
    ReplicationCheckpoint next = current.toBuilder().setRevision(batch.getToRevision())
        .setSourceTimeUnixMs(batch.getSourceTimeUnixMs()).setAppliedRevision(context.revision())
        .setBatches(current.getBatches() + 1).setResyncs(current.getResyncs() + (batch.getResync() ? 1 : 0)).build();
    Checkpoints.write(context, next);
    return next;
  }
}
