package io.meshkit.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.Namespace;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardMapTest {
  private static final int KEYS = 200_000;

  /** Each shard gets its fair share of random-looking keys within {@code tolerance} (relative). */
  private static void assertBalanced(Namespace namespace, double tolerance) {
    ShardMap map = ShardMap.of(namespace);
    int[] counts = new int[map.shardCount()];
    for (int i = 0; i < KEYS; i++) {
      counts[map.shardOf("user-" + i)]++;
    }
    double fair = (double) KEYS / map.shardCount();
    for (int s = 0; s < counts.length; s++) {
      double off = Math.abs(counts[s] - fair) / fair;
      assertTrue(off <= tolerance, "shard " + s + " got " + counts[s] + " keys, fair share " + fair + " ("
          + Math.round(off * 100) + " % off, tolerance " + Math.round(tolerance * 100) + " %)");
    }
  }

  @Test
  void rendezvousSpreadsKeysEvenlyOverShards() {
    // 200k keys over 64 shards: ~3,125 each, standard deviation ~1.8 %; 10 % is > 5 sigma.
    assertBalanced(Namespaces.rendezvous("orders", 64, 3), 0.10);
  }

  @Test
  void ringWithEnoughVirtualNodesSpreadsKeysWithinItsStatedTolerance() {
    // A ring's arcs vary: with 256 points per shard the spread is about 1/sqrt(256) = 6 % per shard.
    assertBalanced(Namespaces.ring("orders", 16, 3, 256), 0.25);
  }

  @Test
  void rangesFollowTheSplitPointsInByteOrder() {
    ShardMap map = ShardMap.of(Namespaces.ranges("users", List.of("g", "n", "t")));
    assertEquals(0, map.shardOf(""));
    assertEquals(0, map.shardOf("apple"));
    assertEquals(1, map.shardOf("g"));
    assertEquals(1, map.shardOf("melon"));
    assertEquals(2, map.shardOf("n"));
    assertEquals(3, map.shardOf("t"));
    assertEquals(3, map.shardOf("zebra"));
    assertEquals(3, map.shardOf("ö"), "non-ASCII sorts after ASCII in UTF-8 byte order");
    assertEquals(0, map.shardOf("Zebra"), "upper case sorts before lower case");
  }

  @Test
  void everyKeyMapsToAShardInRange() {
    for (Namespace ns : List.of(Namespaces.rendezvous("a", 7, 1), Namespaces.ring("b", 7, 1, 0),
        Namespaces.ranges("c", List.of("m")))) {
      ShardMap map = ShardMap.of(ns);
      for (int i = 0; i < 1000; i++) {
        int shard = map.shardOf("k" + i);
        assertTrue(shard >= 0 && shard < ns.getShardCount(), ns.getName() + ": " + shard);
      }
    }
  }

  @Test
  void anInvalidConfigIsRefusedWithEveryProblemNamed() {
    Namespace none = Namespace.newBuilder().setName("x").setShardCount(0).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShardMap.of(none));
    assertTrue(e.getMessage().contains("shard count 0 is out of range"), e.getMessage());
    assertTrue(e.getMessage().contains("choose rendezvous, ring or ranges"), e.getMessage());

    List<String> problems = Strategies.problems(HashingStrategy.newBuilder()
        .setRanges(HashingStrategy.KeyRanges.newBuilder().addSplitPoints("m").addSplitPoints("c")).build(), 4);
    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("4 shards but 2 split points"), problems.toString());
    assertTrue(problems.get(1).contains("must increase strictly"), problems.toString());

    assertTrue(Strategies.problems(HashingStrategy.newBuilder()
        .setRing(HashingStrategy.Ring.newBuilder().setVirtualNodes(5000)).build(), 8).get(0)
        .contains("virtual nodes 5000 is out of range"));
  }
}
