package io.meshkit.leadership.lease;

import io.meshkit.proto.ErrorCodes;
import io.meshkit.proto.internal.v1.LeaderQuery;
import io.meshkit.proto.internal.v1.LeaderQueryResult;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.raft.MeshException;
import io.meshkit.raft.RaftNode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * How lease requests reach the leader and wait out an election — shared by keepalive batches
 * ({@link RenewalBatcher}) and TTL queries ({@link LeaseService}): one attempt is bounded to
 * {@link #ATTEMPT_TIMEOUT} (a leader that just died can leave a query hanging), and an answer that
 * only says "no leader yet" is retried after {@link #PAUSE_MS} until the caller's deadline. A member
 * that is stopping fails at once, so the holder asks another member.
 */
final class LeaderAsk {
  static final long PAUSE_MS = 100;
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(1);

  private LeaderAsk() {}

  /** One bounded attempt. */
  static CompletableFuture<LeaderQueryResult> once(RaftNode node, LeaderQuery query) {
    if (!node.isRunning()) {
      return CompletableFuture.failedFuture(new MeshException(ErrorCode.UNAVAILABLE, "member " + node.memberId()
          + " is stopping", "keepalives go to another member"));
    }
    Duration timeout = ATTEMPT_TIMEOUT.compareTo(node.config().requestTimeout()) < 0
        ? ATTEMPT_TIMEOUT : node.config().requestTimeout();
    return node.queryLeader(query, timeout);
  }

  /** Whether the answer only says there is no leader (yet), so asking again later may succeed. */
  static boolean awaitsLeader(RaftNode node, LeaderQueryResult result, Throwable failure) {
    if (!node.isRunning()) {
      return false;
    }
    return failure != null ? retriable(failure) : result.getCode() == ErrorCode.NO_LEADER;
  }

  /** The failure to report when the deadline passed while there was no leader. */
  static Throwable noLeader(LeaderQueryResult result, Throwable failure) {
    return failure != null ? failure : new MeshException(ErrorCode.NO_LEADER, result.getMessage(),
        "the cluster is electing a leader; retry in a moment");
  }

  /** Runs the next attempt after the pause. */
  static Executor afterPause() {
    return CompletableFuture.delayedExecutor(PAUSE_MS, TimeUnit.MILLISECONDS);
  }

  private static boolean retriable(Throwable failure) {
    Throwable t = failure;
    while (t.getCause() != null && !(t instanceof MeshException)) {
      t = t.getCause();
    }
    return t instanceof MeshException mesh && ErrorCodes.isRetriable(mesh.code());
  }
}
