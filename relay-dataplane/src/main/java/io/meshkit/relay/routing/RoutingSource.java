package io.meshkit.relay.routing;

import java.util.concurrent.CompletableFuture;

/**
 * Where the proxy gets its routing: the table of this moment, and a fresh one on demand. Implemented
 * by {@link RoutingFollower} (the registry, followed); a relay routes only through this.
 */
public interface RoutingSource {
  /** The table every request of this moment routes by; its revision never goes back. */
  RoutingTable current();

  /**
   * A fresh linearizable table, swapped in if newer (what the proxy asks for when a backend answers 421);
   * completes with the current table after.
   */
  CompletableFuture<RoutingTable> refresh();
}
