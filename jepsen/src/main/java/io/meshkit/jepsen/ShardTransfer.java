package io.meshkit.jepsen;

import java.util.Objects;

/**
 * Argument of a shard transfer: make {@code to} the owner of {@code shardId}, only if the shard is
 * still at {@code expectedEpoch} (the epoch the client last read).
 */
public record ShardTransfer(int shardId, String to, long expectedEpoch) {
  public ShardTransfer {
    Objects.requireNonNull(to, "to");
  }

  @Override
  public String toString() {
    return "shard " + shardId + " -> " + to + " if @" + expectedEpoch;
  }
}
