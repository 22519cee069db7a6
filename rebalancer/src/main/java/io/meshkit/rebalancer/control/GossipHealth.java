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
 * {@value #BACKPRESSURE} and {@value #ERROR_RATE} (numbers 0..1; missing or unreadable = 0). Without
 * gossip every node is unknown, and the planner moves nothing onto it.
 */
public final class GossipHealth implements HealthSource {
  public static final String BACKPRESSURE = "backpressure";
  public static final String ERROR_RATE = "error_rate";
  private final Optional<GossipNode> gossip;

  public GossipHealth(Optional<GossipNode> gossip) {
    this.gossip = gossip;
  }

  @Override
  public Map<String, PeerHealth> health() {
    Map<String, PeerHealth> out = new HashMap<>();
    gossip.ifPresent(g -> g.members().forEach(m -> out.put(m.id(), of(m))));
    return out;
  }

  static PeerHealth of(MemberView m) {
    Liveness liveness = switch (m.status()) {
      case ALIVE -> Liveness.ALIVE;
      case SUSPECT -> Liveness.SUSPECT;
      case DEAD, LEFT -> Liveness.DEAD;
    };
    return new PeerHealth(m.id(), liveness, Math.max(0, m.smoothedRttMillis()), share(m, BACKPRESSURE),
        share(m, ERROR_RATE));
  }

  private static double share(MemberView m, String key) {
    String raw = m.metadata().get(key);
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
