package io.meshkit.jepsen.registry;

import io.meshkit.jepsen.OpPair;
import io.meshkit.jepsen.ShardState;

/**
 * An OK registry answer that showed a shard: a shard read, a key resolution, or a transfer (the
 * shard right after it applied). Positions are history indexes, i.e. real-time order.
 */
record Observation(OpPair pair, ShardState state) {
  long invoked() {
    return pair.invoke().index();
  }

  long completed() {
    return pair.completion().index();
  }

  @Override
  public String toString() {
    return "[" + pair + "]";
  }
}
