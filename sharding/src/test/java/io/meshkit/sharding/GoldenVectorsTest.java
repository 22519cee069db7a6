package io.meshkit.sharding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meshkit.proto.v1.Namespace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The mapping is a contract between servers, clients and relays of different versions: these values
 * were computed once and must never change. A failure here means keys would silently move between
 * shards — change the mapping only with a new strategy, never by editing these numbers.
 */
class GoldenVectorsTest {
  private static final String[] KEYS = {"", "a", "user-1", "user-2", "customer/42", "ключ", "🙂", "x".repeat(300)};
  private static final List<Placement.Candidate> NODES = List.of(new Placement.Candidate("node-1", "z1", 1),
      new Placement.Candidate("node-2", "z2", 1), new Placement.Candidate("node-3", "z3", 2));

  private static int[] shardsOf(Namespace namespace) {
    ShardMap map = ShardMap.of(namespace);
    int[] shards = new int[KEYS.length];
    for (int i = 0; i < KEYS.length; i++) {
      shards[i] = map.shardOf(KEYS[i]);
    }
    return shards;
  }

  @Test
  void rendezvousKeysAndPlacement() {
    Namespace ns = Namespaces.rendezvous("orders", 64, 3);
    assertArrayEquals(new int[] {16, 63, 47, 52, 47, 7, 23, 13}, shardsOf(ns));
    assertEquals(List.of("node-1", "node-3", "node-2"), Placement.preference(ns, 0, NODES));
    assertEquals(List.of("node-3", "node-1", "node-2"), Placement.preference(ns, 1, NODES));
    Map<Integer, List<String>> initial = Placement.initial(ns, NODES);
    assertEquals(List.of("node-1", "node-3", "node-2"), initial.get(0));
    assertEquals(List.of("node-3", "node-1", "node-2"), initial.get(3));
  }

  @Test
  void ringKeysAndPlacement() {
    Namespace ns = Namespaces.ring("orders", 64, 3, 0);
    assertArrayEquals(new int[] {17, 21, 25, 23, 23, 23, 27, 30}, shardsOf(ns));
    assertEquals(List.of("node-2", "node-3", "node-1"), Placement.preference(ns, 0, NODES));
    assertEquals(List.of("node-1", "node-3", "node-2"), Placement.preference(ns, 1, NODES));
    Map<Integer, List<String>> initial = Placement.initial(ns, NODES);
    assertEquals(List.of("node-3", "node-1", "node-2"), initial.get(2));
    assertEquals(List.of("node-1", "node-3", "node-2"), initial.get(3));
  }
}
