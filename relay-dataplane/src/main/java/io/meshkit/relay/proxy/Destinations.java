package io.meshkit.relay.proxy;

import io.meshkit.proto.v1.Node;
import io.meshkit.relay.health.NodeLiveness;
import io.meshkit.relay.routing.Route;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Set;

/**
 * Which node a routed request goes to: the shard's owner; when gossip reports the owner down, a
 * fast 503 with {@code Retry-After} (the registry will move the shard, or the owner comes back) — or,
 * for an idempotent request in a namespace whose policy sets {@code relay_replica_fallback}, the first
 * replica not reported down that has a data endpoint.
 */
final class Destinations {
  /** RFC 9110 9.2.2: repeating them has the effect of doing them once. */
  static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
      HttpMethod.TRACE, HttpMethod.PUT, HttpMethod.DELETE);
  /** How long a client is told to wait when the owner is down: about a gossip detection round. */
  static final int OWNER_DOWN_RETRY_AFTER_SECONDS = 2;

  /** Where to send it. */
  record Destination(Node node, boolean replica) {
    String endpoint() {
      return node.getEndpoints(0);
    }
  }

  private Destinations() {}

  /** @throws RelayException 503 when nobody may serve it now */
  static Destination choose(Route route, boolean replicaFallback, HttpMethod method, NodeLiveness liveness) {
    Node owner = route.owner();
    if (!liveness.down(owner.getId())) {
      if (owner.getEndpointsCount() == 0) {
        throw new RelayException(503, "the owner " + owner.getId() + " of shard " + route.shardId()
            + " has no data endpoint", "give the node its endpoint: meshctl nodes update " + owner.getId());
      }
      return new Destination(owner, false);
    }
    if (replicaFallback && IDEMPOTENT.contains(method)) {
      for (Node replica : route.replicas()) {
        if (!liveness.down(replica.getId()) && replica.getEndpointsCount() > 0) {
          return new Destination(replica, true);
        }
      }
    }
    throw new RelayException(503, "the owner " + owner.getId() + " of shard " + route.namespace() + "/"
        + route.shardId() + " is down (gossip reports it dead)" + (replicaFallback && IDEMPOTENT.contains(method)
            ? " and no replica is up" : ""), "retry after the Retry-After delay: the shard moves to a live node, "
            + "or the owner comes back" + (replicaFallback ? "" : "; for reads a replica can serve, set "
            + "meshctl ns update " + route.namespace() + " --relay-replica-fallback"),
        OWNER_DOWN_RETRY_AFTER_SECONDS);
  }
}
