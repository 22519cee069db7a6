package io.meshkit.rebalancer.control;

import io.meshkit.gossip.GossipNode;
import io.meshkit.gossip.MemberView;
import io.meshkit.rebalancer.plan.Liveness;
import io.meshkit.rebalancer.plan.PeerHealth;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Node health from this member's gossip view: liveness from the member's status (left counts as
 * dead), RTT from the smoothed probe RTT, backpressure and error rate from the metadata keys
 * {@value #BACKPRESSURE} and {@value #ERROR_RATE} (numbers 0..1; missing or unreadable = 0). A node's
 * backpressure is also the highest load relays report for it ({@value #RELAY_LOAD_PREFIX}{@code <id>}
 * in a relay's metadata: its requests in flight and queued over the relay's per-backend limit). Without
 * gossip every node is unknown, and the planner moves nothing onto it.
 */
public final class GossipHealth implements HealthSource {
  public static final String BACKPRESSURE = "backpressure";
  public static final String ERROR_RATE = "error_rate";
  /** The relays' key (relay-dataplane's RelayLoadPublisher writes it). */
  public static final String RELAY_LOAD_PREFIX = "relay.load.";
  private final Optional<GossipNode> gossip;

  public GossipHealth(Optional<GossipNode> gossip) {
    this.gossip = gossip;
  }

  @Override
  public Map<String, PeerHealth> health() {
    Map<String, PeerHealth> out = new HashMap<>();
    gossip.ifPresent(g -> {
      java.util.List<MemberView> members = g.members();
      Map<String, Double> relayLoad = relayLoad(members);
      members.forEach(m -> out.put(m.id(), of(m, relayLoad.getOrDefault(m.id(), 0.0))));
    });
    return out;
  }

  /** Node id -> the highest load a live relay reports for it. */
  static Map<String, Double> relayLoad(java.util.List<MemberView> members) {
    Map<String, Double> load = new HashMap<>();
    for (MemberView m : members) {
      if (m.status() != io.meshkit.gossip.MemberStatus.ALIVE) {
        continue;
      }
      m.metadata().forEach((key, value) -> {
        if (key.startsWith(RELAY_LOAD_PREFIX)) {
          load.merge(key.substring(RELAY_LOAD_PREFIX.length()), share(value), Math::max);
        }
      });
    }
    return load;
  }

  static PeerHealth of(MemberView m, double relayLoad) {
    Liveness liveness = switch (m.status()) {
      case ALIVE -> Liveness.ALIVE;
      case SUSPECT -> Liveness.SUSPECT;
      case DEAD, LEFT -> Liveness.DEAD;
    };
    return new PeerHealth(m.id(), liveness, Math.max(0, m.smoothedRttMillis()),
        Math.max(share(m.metadata().get(BACKPRESSURE)), relayLoad), share(m.metadata().get(ERROR_RATE)));
  }

  private static double share(String raw) {
    if (raw == null) {
      return 0;
    }
    try {
      double v = Double.parseDouble(raw);
      return Double.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
