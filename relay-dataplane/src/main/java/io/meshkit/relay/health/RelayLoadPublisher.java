package io.meshkit.relay.health;

import io.meshkit.gossip.GossipNode;
import io.meshkit.relay.proxy.BackendLoad;
import io.meshkit.relay.routing.RoutingSource;
import io.meshkit.relay.routing.RoutingTable;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the relay's load in its gossip metadata, for the rebalancer and operators: {@code role=relay},
 * {@value #IN_FLIGHT} and {@value #QUEUED} (totals), and {@value #LOAD_PREFIX}{@code <node id>} = that
 * node's requests in flight over its limit (0..1, in tenths so that small swings do not spread), for
 * the {@value #MAX_NODES} busiest nodes with any load. Metadata is replaced only when it changes.
 */
public final class RelayLoadPublisher {
  public static final String ROLE = "role";
  public static final String RELAY = "relay";
  public static final String IN_FLIGHT = "relay.in_flight";
  public static final String QUEUED = "relay.queued";
  public static final String LOAD_PREFIX = "relay.load.";
  static final int MAX_NODES = 16;
  private static final Logger LOG = LoggerFactory.getLogger(RelayLoadPublisher.class);

  private final GossipNode gossip;
  private final Map<String, String> base;
  private final Supplier<List<BackendLoad>> load;
  private final RoutingSource routing;
  private Map<String, String> published = Map.of();

  /** @param base metadata kept beside the relay's (a server's own keys, when the relay runs inside it) */
  public RelayLoadPublisher(GossipNode gossip, Map<String, String> base, Supplier<List<BackendLoad>> load,
      RoutingSource routing) {
    this.gossip = gossip;
    this.base = Map.copyOf(base);
    this.load = load;
    this.routing = routing;
  }

  /** Computes the metadata and publishes it if it changed; call periodically from one thread. */
  public void publish() {
    Map<String, String> next = metadata(base, load.get(), routing.current());
    if (next.equals(published)) {
      return;
    }
    try {
      gossip.setMetadata(next);
      published = next;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("relay: cannot publish its load in gossip: {}", e.getMessage());
    }
  }

  static Map<String, String> metadata(Map<String, String> base, List<BackendLoad> backends, RoutingTable table) {
    Map<String, String> m = new TreeMap<>(base);
    if (!base.containsKey(ROLE)) {
      m.put(ROLE, RELAY);
    }
    m.put(IN_FLIGHT, Integer.toString(backends.stream().mapToInt(BackendLoad::inFlight).sum()));
    m.put(QUEUED, Integer.toString(backends.stream().mapToInt(BackendLoad::queued).sum()));
    Map<String, Double> byNode = new HashMap<>();
    for (BackendLoad b : backends) {
      double share = Math.min(1, (b.inFlight() + b.queued()) / (double) Math.max(1, b.limit()));
      String node = table.nodeWithEndpoint(b.endpoint()).orElse(null);
      if (node != null && share >= 0.05) {
        byNode.merge(node, share, Math::max);
      }
    }
    byNode.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
        .limit(MAX_NODES).forEach(e -> m.put(LOAD_PREFIX + e.getKey(), String.format(java.util.Locale.ROOT, "%.1f", e.getValue())));
    return m;
  }
}
