package io.meshkit.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SWIM + Lifeguard on a simulated network and clock: deterministic for a seed. */
class SwimProtocolTest {
  private static final GossipConfig CONFIG = GossipConfig.defaults();
  private static final List<String> NODES = List.of("n1", "n2", "n3", "n4", "n5");

  /** Five nodes joined through n1 and converged: everyone sees everyone alive. */
  private static SimNetwork converged(long seed) {
    SimNetwork net = new SimNetwork(CONFIG, seed);
    for (String id : NODES) {
      net.add(id, id.equals("n1") ? List.of() : List.of("n1"));
    }
    long took = net.runUntil(n -> NODES.stream().allMatch(m -> n.allSee(m, MemberStatus.ALIVE)), 30_000);
    assertTrue(took >= 0, "five nodes converge");
    return net;
  }

  /**
   * The detection bound for an isolated member with these settings and 5 members: one protocol
   * period to probe it, then a suspicion of at most max = 6 × 4 periods, shortened by confirmations;
   * plus the dissemination of the verdict.
   */
  private static final long DETECTION_BOUND_MS = CONFIG.probeInterval().toMillis() * (1 + 24 + 5);

  @Test
  void nodesJoiningThroughASeedConvergeOnTheFullMembership() {
    SimNetwork net = converged(1);
    for (String observer : NODES) {
      assertEquals(5, net.node(observer).members(net.now()).size(), observer);
    }
  }

  @Test
  void aMemberStartedBeforeItsSeedJoinsOnceTheSeedIsUp() {
    SimNetwork net = new SimNetwork(CONFIG, 21);
    net.add("n2", List.of("n1"));
    net.run(5_000);  // n1 does not exist yet: the first syncs are lost
    net.add("n1", List.of());
    long took = net.runUntil(n -> n.allSee("n1", MemberStatus.ALIVE) && n.allSee("n2", MemberStatus.ALIVE), 10_000);
    assertTrue(took >= 0, "n2 keeps trying its seed until it knows a member");
  }

  @Test
  void anIsolatedMemberIsDeclaredDeadByEveryOtherMemberWithinTheBound() {
    for (long seed = 1; seed <= 5; seed++) {
      SimNetwork net = converged(seed);
      net.isolate("n5");
      long took = net.runUntil(n -> n.allSee("n5", MemberStatus.DEAD), DETECTION_BOUND_MS);
      assertTrue(took >= 0, "seed " + seed + ": n5 dead everywhere within " + DETECTION_BOUND_MS + " ms; events "
          + net.events());
      for (String m : List.of("n1", "n2", "n3", "n4")) {
        assertTrue(net.allSee(m, MemberStatus.ALIVE, "n5"), "seed " + seed + ": the majority stays alive: " + m);
      }
    }
  }

  @Test
  void aSlowButAliveMemberIsNotDeclaredDead() {
    for (long seed = 1; seed <= 10; seed++) {
      SimNetwork net = converged(seed);
      net.slow("n3", 350);  // every datagram to or from n3 takes 350 ms more: 700 ms round trips
      net.loss(0.05);
      long end = net.now() + 120_000;
      while (net.now() < end) {
        net.run(1_000);
        for (String o : List.of("n1", "n2", "n4", "n5")) {
          MemberView v = net.view(o, "n3");
          assertTrue(v != null && v.status() != MemberStatus.DEAD, "seed " + seed + ": " + o
              + " declared the slow n3 dead at " + net.now());
        }
      }
    }
  }

  @Test
  void aSuspectedMemberRefutesAndIsAliveAgainWithAHigherIncarnation() {
    SimNetwork net = converged(3);
    long before = net.view("n1", "n2").incarnation();
    net.isolate("n2");
    assertTrue(net.runUntil(n -> n.view("n1", "n2").status() == MemberStatus.SUSPECT, 10_000) >= 0,
        "n2 suspected while cut off");
    net.heal();
    assertTrue(net.runUntil(n -> n.allSee("n2", MemberStatus.ALIVE), 10_000) >= 0, "n2 alive everywhere again");
    assertTrue(net.view("n1", "n2").incarnation() > before, "refuted with a higher incarnation");
    assertTrue(net.node("n2").stats().refutations() > 0);
    long refuted = NODES.stream().mapToLong(id -> net.node(id).stats().suspicionsRefuted()).sum();
    assertTrue(refuted > 0, "the suspicion counts as a false positive");
  }

  @Test
  void metadataUpdatesReachEveryMember() {
    SimNetwork net = converged(5);
    net.node("n4").setMetadata(Map.of("zone", "eu-west-1b", "role", "relay"));
    assertTrue(net.runUntil(n -> NODES.stream().filter(o -> !o.equals("n4"))
        .allMatch(o -> n.view(o, "n4").metadata().equals(Map.of("zone", "eu-west-1b", "role", "relay"))), 10_000) >= 0);
    assertEquals(1, net.view("n1", "n4").metadataVersion());
  }

  @Test
  void metadataAboveTheLimitIsRefusedWithTheReason() {
    SimNetwork net = converged(5);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> net.node("n1").setMetadata(Map.of("blob", "x".repeat(600))));
    assertTrue(e.getMessage().contains("above the limit of 512"), e.getMessage());
  }

  @Test
  void aMemberThatLeavesIsSeenAsLeftNotDead() {
    SimNetwork net = converged(9);
    net.node("n2").leave();
    net.run(2_000);
    net.remove("n2");
    assertTrue(net.runUntil(n -> n.allSee("n2", MemberStatus.LEFT), 10_000) >= 0, net.events().toString());
  }

  @Test
  void aNodeOfAnotherClusterIsRefused() {
    SimNetwork net = converged(11);
    SwimProtocol stranger = net.add("x1", "other-cluster", List.of("n1"));
    net.run(5_000);
    assertNull(net.view("n1", "x1"), "n1 never admits x1");
    assertTrue(net.node("n1").stats().refusedForeignCluster() > 0);
    assertEquals(1, stranger.members(net.now()).size(), "and x1 admits nobody");
  }

  @Test
  void aNodeThatLosesItsOwnTrafficRaisesItsAwarenessInsteadOfKillingOthers() {
    SimNetwork net = converged(13);
    net.inboundLoss("n1", 0.6);
    int maxAwareness = 0;
    long end = net.now() + 60_000;
    while (net.now() < end) {
      net.run(500);
      maxAwareness = Math.max(maxAwareness, net.node("n1").awareness());
    }
    assertTrue(maxAwareness > 0, "n1 noticed it is the unhealthy one");
    for (String m : List.of("n2", "n3", "n4", "n5")) {
      assertTrue(net.allSee(m, MemberStatus.ALIVE, "n1"), m + " stays alive for the healthy members");
    }
    assertNotEquals(0, net.node("n1").stats().messagesSent());
  }
}
