package io.meshkit.leadership.lease;

import io.meshkit.proto.internal.v1.LeaderQuery;
import io.meshkit.proto.internal.v1.LeaderQueryResult;
import io.meshkit.proto.internal.v1.LeaseRenewQuery;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.raft.MeshException;
import io.meshkit.raft.RaftNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends this member's keepalives to the leader in batches: at most one batch is in flight, and
 * whatever arrives meanwhile goes in the next one (group commit). The leader confirms its
 * leadership once per batch, so 10,000 holders renewing every second cost a few leader queries per
 * second per member instead of 10,000.
 *
 * <p>While there is no leader (an election), a batch is retried ({@link LeaderAsk}) until each
 * keepalive's own deadline (the request timeout), so holders see no error across a leader change.
 */
final class RenewalBatcher {
  static final int MAX_BATCH = 10_000;

  private record Waiter(long id, long deadlineNanos, CompletableFuture<Long> ttl) {}

  private final RaftNode node;
  private final ArrayDeque<Waiter> pending = new ArrayDeque<>();
  private boolean inFlight;

  RenewalBatcher(RaftNode node) {
    this.node = node;
  }

  /** Renews {@code id}: completes with the TTL granted (ms), 0 when the lease is gone. */
  CompletableFuture<Long> renew(long id) {
    Waiter w = new Waiter(id, System.nanoTime() + node.config().requestTimeout().toNanos(), new CompletableFuture<>());
    synchronized (this) {
      pending.add(w);
    }
    sendNext();
    return w.ttl();
  }

  private void sendNext() {
    List<Waiter> batch = new ArrayList<>();
    synchronized (this) {
      if (inFlight || pending.isEmpty()) {
        return;
      }
      while (!pending.isEmpty() && batch.size() < MAX_BATCH) {
        batch.add(pending.poll());
      }
      inFlight = true;
    }
    LeaseRenewQuery.Builder query = LeaseRenewQuery.newBuilder();
    batch.forEach(w -> query.addIds(w.id()));
    LeaderAsk.once(node, LeaderQuery.newBuilder().setLeaseRenew(query).build())
        .whenComplete((result, failure) -> answered(batch, result, failure));
  }

  private void answered(List<Waiter> batch, LeaderQueryResult result, Throwable failure) {
    if (failure == null && result.getCode() == ErrorCode.ERROR_CODE_UNSPECIFIED) {
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).ttl().complete(result.getLeaseTtls().getTtls(i).getTtlMs());
      }
      done();
    } else if (LeaderAsk.awaitsLeader(node, result, failure)) {
      retryLater(batch, LeaderAsk.noLeader(result, failure));
    } else {
      finish(batch, failure != null ? failure : new MeshException(result.getCode(), result.getMessage(), ""));
    }
  }

  /** Puts the unexpired keepalives back at the front and tries again after a pause. */
  private void retryLater(List<Waiter> batch, Throwable why) {
    long now = System.nanoTime();
    synchronized (this) {
      for (int i = batch.size() - 1; i >= 0; i--) {
        Waiter w = batch.get(i);
        if (w.deadlineNanos() - now > TimeUnit.MILLISECONDS.toNanos(LeaderAsk.PAUSE_MS)) {
          pending.addFirst(w);
        } else {
          w.ttl().completeExceptionally(why);
        }
      }
    }
    LeaderAsk.afterPause().execute(this::done);
  }

  private void finish(List<Waiter> batch, Throwable failure) {
    batch.forEach(w -> w.ttl().completeExceptionally(failure));
    done();
  }

  private void done() {
    synchronized (this) {
      inFlight = false;
    }
    sendNext();
  }
}
