package io.meshkit.jepsen;

import java.util.Objects;

/**
 * A shard of the registry as one answer showed it: the value of an OK shard read, key resolution or
 * transfer (for a transfer, the shard right after it applied).
 *
 * @param shardId the shard within the run's namespace
 * @param owner the node that owned it
 * @param epoch its ownership epoch (1 at creation, +1 per change of owner)
 * @param modRevision the revision of its last change: the state held from there to {@code revision}
 * @param revision the revision the answer was served at (the response header's)
 */
public record ShardState(int shardId, String owner, long epoch, long modRevision, long revision) {
  public ShardState {
    Objects.requireNonNull(owner, "owner");
  }

  @Override
  public String toString() {
    return "shard " + shardId + " " + owner + "@" + epoch + " (rev " + revision + ", mod " + modRevision + ")";
  }
}
