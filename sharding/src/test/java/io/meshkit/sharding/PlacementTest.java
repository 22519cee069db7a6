package io.meshkit.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.proto.v1.Namespace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementTest {

  private static List<Placement.Candidate> nodes(int n) {
    List<Placement.Candidate> nodes = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      nodes.add(new Placement.Candidate("node-" + i, "zone-" + ((i - 1) % 3), 1.0));
    }
    return nodes;
  }

  private static Map<String, Integer> owners(Map<Integer, List<String>> placement) {
    Map<String, Integer> owners = new HashMap<>();
    placement.values().forEach(r -> owners.merge(r.get(0), 1, Integer::sum));
    return owners;
  }

  @Test
  void initialPlacementOf64ShardsOverThreeNodesIsBalancedWithinOneShard() {
    for (Namespace ns : List.of(Namespaces.rendezvous("orders", 64, 3), Namespaces.ring("orders", 64, 3, 0))) {
      Map<Integer, List<String>> placement = Placement.initial(ns, nodes(3));
      assertEquals(64, placement.size());
      Map<String, Integer> owners = owners(placement);
      assertEquals(3, owners.size(), owners.toString());
      assertTrue(Collections.max(owners.values()) - Collections.min(owners.values()) <= 1, owners.toString());
      for (List<String> replicas : placement.values()) {
        assertEquals(3, new HashSet<>(replicas).size(), "three distinct replicas: " + replicas);
      }
    }
  }

  @Test
  void ownersFollowCapacityWeight() {
    List<Placement.Candidate> nodes = List.of(new Placement.Candidate("big", "", 2.0),
        new Placement.Candidate("small-1", "", 1.0), new Placement.Candidate("small-2", "", 1.0));
    Map<String, Integer> owners = owners(Placement.initial(Namespaces.rendezvous("w", 64, 1), nodes));
    assertEquals(32, owners.get("big"), owners.toString());
    assertEquals(16, owners.get("small-1"), owners.toString());
    assertEquals(16, owners.get("small-2"), owners.toString());
  }

  @Test
  void replicasSpreadOverZonesWhenAsked() {
    List<Placement.Candidate> nodes = List.of(new Placement.Candidate("a1", "a", 1), new Placement.Candidate("a2", "a", 1),
        new Placement.Candidate("b1", "b", 1), new Placement.Candidate("b2", "b", 1),
        new Placement.Candidate("c1", "c", 1), new Placement.Candidate("c2", "c", 1));
    Map<Integer, List<String>> placement = Placement.initial(Namespaces.spreadOverZones(
        Namespaces.rendezvous("z", 32, 3)), nodes);
    for (List<String> replicas : placement.values()) {
      assertEquals(3, new HashSet<>(replicas.stream().map(id -> id.substring(0, 1)).toList()).size(),
          "one replica per zone: " + replicas);
    }
  }

  @Test
  void fewerNodesThanTheReplicationFactorGiveEveryNodeAReplica() {
    Map<Integer, List<String>> placement = Placement.initial(Namespaces.rendezvous("small", 4, 3), nodes(2));
    placement.values().forEach(r -> assertEquals(2, r.size(), r.toString()));
  }

  /**
   * When a node joins, a shard's preferred node changes only to the newcomer, and about 1/(n+1) of
   * the shards move — for rendezvous exactly by construction, for the ring within the arc variance.
   */
  @Test
  void aJoiningNodeOnlyTakesShardsAndAboutItsShare() {
    int shards = 4096;
    for (Namespace ns : List.of(Namespaces.rendezvous("orders", shards, 1), Namespaces.ring("orders", shards, 1, 256))) {
      List<Placement.Candidate> before = nodes(4);
      List<Placement.Candidate> after = new ArrayList<>(before);
      after.add(new Placement.Candidate("node-new", "zone-0", 1.0));
      int moved = 0;
      for (int s = 0; s < shards; s++) {
        String was = Placement.preference(ns, s, before).get(0);
        String now = Placement.preference(ns, s, after).get(0);
        if (!was.equals(now)) {
          assertEquals("node-new", now, ns.getHashing().getStrategyCase() + " shard " + s + " moved " + was + " → " + now);
          moved++;
        }
      }
      double share = (double) moved / shards;
      assertTrue(share > 0.2 * 0.75 && share < 0.2 * 1.25,
          ns.getHashing().getStrategyCase() + ": " + moved + " of " + shards + " moved, expected about 1/5");
    }
  }

  @Test
  void preferenceIgnoresTheOrderCandidatesComeIn() {
    List<Placement.Candidate> nodes = nodes(5);
    List<Placement.Candidate> reversed = new ArrayList<>(nodes);
    Collections.reverse(reversed);
    for (Namespace ns : List.of(Namespaces.rendezvous("o", 16, 3), Namespaces.ring("o", 16, 3, 0))) {
      for (int s = 0; s < 16; s++) {
        assertEquals(Placement.preference(ns, s, nodes), Placement.preference(ns, s, reversed));
      }
      assertEquals(Placement.initial(ns, nodes), Placement.initial(ns, reversed));
    }
  }
}
