package io.meshkit.relay.proxy;

import io.meshkit.relay.health.NodeLiveness;
import io.meshkit.relay.routing.RoutingSource;
import java.time.Duration;

/**
 * What every exchange of one relay shares: the routing, the backends, the metrics, the limits and the
 * protocol rules of the transport policy.
 */
record ProxyParts(RoutingSource routing, NodeLiveness liveness, Backends backends, RelayMetrics metrics,
    Duration requestTimeout, int replayBufferBytes, long maxBodyBytes, ProtocolRules protocols) {}
