package io.meshkit.server;

import io.meshkit.relay.proxy.BackendLoad;
import io.meshkit.relay.proxy.ProtocolRules;
import io.meshkit.relay.proxy.RelayMetrics;
import io.meshkit.relay.routing.RoutingFollower;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The relay's metrics: requests by namespace, backend and status code, their latency, the 421 reroutes,
 * the routing table's revision, how far it is behind the cluster, whether it is stale (served from
 * the last known good file), and requests in flight and queued towards backends.
 */
final class RelayMeters implements RelayMetrics {
  private final MeterRegistry registry;
  private final Map<Answered, Counter> requests = new ConcurrentHashMap<>();
  private final Map<String, Timer> durations = new ConcurrentHashMap<>();
  private final Map<String, Counter> reroutes = new ConcurrentHashMap<>();
  /** [side][protocol], registered up front: a downgrade costs one increment, no lookup. */
  private final Counter[][] downgrades;

  RelayMeters(MeterRegistry registry, RoutingFollower routing) {
    this.registry = registry;
    this.downgrades = new Counter[ProtocolRules.Side.values().length][ProtocolRules.Protocol.values().length];
    for (ProtocolRules.Side side : ProtocolRules.Side.values()) {
      for (ProtocolRules.Protocol protocol : ProtocolRules.Protocol.values()) {
        downgrades[side.ordinal()][protocol.ordinal()] = Counter.builder("meshkit.relay.protocol.downgrades")
            .tag("side", side.name().toLowerCase(java.util.Locale.ROOT)).tag("protocol", protocol.policyName())
            .description("Requests over a protocol the transport policy allows but does not prefer").register(registry);
      }
    }
    Gauge.builder("meshkit.relay.route.revision", routing, r -> r.current().revision())
        .description("Revision of the routing table requests are routed by").register(registry);
    Gauge.builder("meshkit.relay.route.lag", routing, r -> Math.max(0, r.clusterRevision() - r.current().revision()))
        .description("Revisions the routing table is behind the cluster (read linearizably every 5 s)")
        .register(registry);
    Gauge.builder("meshkit.relay.route.stale", routing, r -> r.stale() ? 1 : 0)
        .description("1 while the table may be behind the cluster (last known good, watch lost)").register(registry);
  }

  /** Gauges of the load towards backends, summed over them. */
  void bindLoad(Supplier<List<BackendLoad>> load) {
    Gauge.builder("meshkit.relay.backend.in.flight", load, l -> l.get().stream().mapToInt(BackendLoad::inFlight).sum())
        .description("Requests sent to backends and not yet answered in full").register(registry);
    Gauge.builder("meshkit.relay.backend.queued", load, l -> l.get().stream().mapToInt(BackendLoad::queued).sum())
        .description("Requests waiting for a backend's in-flight limit").register(registry);
  }

  @Override
  public void answered(String namespace, String endpoint, int status, long nanos) {
    // Meters are looked up in a map of our own: building and registering one per request (Micrometer
    // sorts and hashes the tags each time) cost more than the rest of the relay's request path.
    requests.computeIfAbsent(new Answered(namespace, endpoint, status), a -> Counter.builder("meshkit.relay.requests")
        .tag("namespace", a.namespace()).tag("backend", a.endpoint()).tag("code", Integer.toString(a.status()))
        .description("Requests answered, by namespace, backend and code").register(registry)).increment();
    durations.computeIfAbsent(namespace, n -> Timer.builder("meshkit.relay.request.duration").tag("namespace", n)
        .description("From a request's head to the last byte of its answer").publishPercentileHistogram()
        .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void misdirected(String namespace) {
    reroutes.computeIfAbsent(namespace, n -> Counter.builder("meshkit.relay.reroutes").tag("namespace", n)
        .description("Backends that answered 421: routing refreshed, request sent once more")
        .register(registry)).increment();
  }

  @Override
  public void downgraded(ProtocolRules.Side side, ProtocolRules.Protocol protocol) {
    downgrades[side.ordinal()][protocol.ordinal()].increment();
  }

  private record Answered(String namespace, String endpoint, int status) {}
}
