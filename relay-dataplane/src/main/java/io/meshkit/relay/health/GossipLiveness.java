package io.meshkit.relay.health;

import io.meshkit.gossip.GossipNode;
import io.meshkit.gossip.MemberStatus;
import io.meshkit.gossip.MemberView;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Node liveness from the relay's gossip view: a member reported dead, or that left, is down (a
 * suspect is not yet: suspicion is often a lost datagram, and a refutation follows within a round).
 * Kept up to date from every membership change, so a request's check is one set lookup.
 */
public final class GossipLiveness implements NodeLiveness {
  private final Set<String> down = ConcurrentHashMap.newKeySet();

  public GossipLiveness(GossipNode gossip) {
    gossip.addListener((before, after) -> note(after));
    gossip.members().forEach(GossipLiveness.this::note);
  }

  private void note(MemberView member) {
    if (member.status() == MemberStatus.DEAD || member.status() == MemberStatus.LEFT) {
      down.add(member.id());
    } else {
      down.remove(member.id());
    }
  }

  @Override
  public boolean down(String nodeId) {
    return down.contains(nodeId);
  }
}
