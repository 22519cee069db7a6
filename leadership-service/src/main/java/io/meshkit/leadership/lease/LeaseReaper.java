package io.meshkit.leadership.lease;

import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.LeaseCheckpoint;
import io.meshkit.proto.internal.v1.LeaseCheckpointCommand;
import io.meshkit.proto.internal.v1.LeaseExpireCommand;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.raft.RaftNode;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's periodic lease work, one {@link #tick} at a time: propose expiries for leases past
 * their deadline and checkpoints for idle ones. At most one expiry and one checkpoint entry is in
 * flight, each with at most {@link LeaseCommandHandler#MAX_BATCH} leases, so a mass expiry is
 * spread over ticks instead of stalling other writes.
 */
final class LeaseReaper {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseReaper.class);

  private final LeaseKeeper keeper;
  private final RaftNode node;
  private final LeaseMetrics metrics;
  private final AtomicBoolean expiring = new AtomicBoolean();
  private final AtomicBoolean checkpointing = new AtomicBoolean();

  LeaseReaper(LeaseKeeper keeper, RaftNode node, LeaseMetrics metrics) {
    this.keeper = keeper;
    this.node = node;
    this.metrics = metrics;
  }

  void tick() {
    long term = keeper.term();
    if (term < 0) {
      return;
    }
    if (expiring.compareAndSet(false, true)) {
      proposeExpiry(term);
    }
    if (checkpointing.compareAndSet(false, true)) {
      proposeCheckpoints(term);
    }
  }

  private void proposeExpiry(long term) {
    List<Long> due = keeper.dueForExpiry(LeaseCommandHandler.MAX_BATCH);
    if (due.isEmpty()) {
      expiring.set(false);
      return;
    }
    Command expire = Command.newBuilder().setLeaseExpire(LeaseExpireCommand.newBuilder().setProposerTerm(term)
        .addAllIds(due)).build();
    node.submitLocally(expire).whenComplete((result, failure) -> {
      expiring.set(false);
      if (failure != null) {
        LOG.debug("expiry of {} leases not committed: {}", due.size(), failure.toString());
        keeper.expiryFailed(due);
      } else if (result.getCode() == ErrorCode.ERROR_CODE_UNSPECIFIED) {
        metrics.expired(result.getLeaseEnd().getIdsCount());
      }
    });
  }

  private void proposeCheckpoints(long term) {
    List<LeaseCheckpoint> due = keeper.dueForCheckpoint(LeaseCommandHandler.MAX_BATCH);
    if (due.isEmpty()) {
      checkpointing.set(false);
      return;
    }
    Command checkpoint = Command.newBuilder().setLeaseCheckpoint(LeaseCheckpointCommand.newBuilder()
        .setProposerTerm(term).addAllCheckpoints(due)).build();
    node.submitLocally(checkpoint).whenComplete((result, failure) -> {
      checkpointing.set(false);
      if (failure != null) {
        LOG.debug("checkpoint of {} leases not committed: {}", due.size(), failure.toString());
      }
    });
  }
}
