package io.meshkit.rebalancer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meshkit.gossip.MemberStatus;
import io.meshkit.gossip.MemberView;
import io.meshkit.rebalancer.plan.Liveness;
import io.meshkit.rebalancer.plan.PeerHealth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Health from gossip: a node's own backpressure, raised by what live relays report for it. */
class GossipHealthTest {
  private static MemberView member(String id, MemberStatus status, Map<String, String> metadata) {
    return new MemberView(id, id + ":7946", status, 1, metadata, 1, 2, 3, 0, 0);
  }

  @Test
  void aNodesBackpressureIsTheHighestOfItsOwnAndTheLiveRelaysReports() {
    List<MemberView> members = List.of(
        member("n1", MemberStatus.ALIVE, Map.of("backpressure", "0.2")),
        member("n2", MemberStatus.SUSPECT, Map.of()),
        member("relay-a", MemberStatus.ALIVE, Map.of("role", "relay", "relay.load.n1", "0.7", "relay.load.n2", "0.4")),
        member("relay-b", MemberStatus.ALIVE, Map.of("role", "relay", "relay.load.n1", "0.9")),
        member("relay-dead", MemberStatus.DEAD, Map.of("role", "relay", "relay.load.n2", "1.0")));
    Map<String, Double> load = GossipHealth.relayLoad(members);
    assertEquals(Map.of("n1", 0.9, "n2", 0.4), load, "a dead relay's last report does not count");
    PeerHealth n1 = GossipHealth.of(members.get(0), load.get("n1"));
    assertEquals(0.9, n1.backpressure());
    assertEquals(Liveness.ALIVE, n1.liveness());
    assertEquals(0.2, GossipHealth.of(members.get(0), 0).backpressure(), "its own report without relays");
    assertEquals(Liveness.SUSPECT, GossipHealth.of(members.get(1), load.get("n2")).liveness());
  }
}
