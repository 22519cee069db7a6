package io.meshkit.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class LeadershipQuorumTest {
  /** The answers the test gives, per member asked. */
  private final Map<String, CompletableFuture<Boolean>> asked = new ConcurrentHashMap<>();
  private final PeerReads peers = new PeerReads() {
    @Override
    public CompletableFuture<Boolean> follows(String peerId, long term, String leaderId) {
      assertEquals(7, term);
      assertEquals("n1", leaderId);
      return asked.computeIfAbsent(peerId, id -> new CompletableFuture<>());
    }

    @Override
    public CompletableFuture<Long> readIndex(String leaderId) {
      throw new UnsupportedOperationException();
    }
  };

  @Test
  void oneFollowerOfTwoMakesAMajorityOfThree() {
    CompletableFuture<Long> round = LeadershipQuorum.confirm(peers, "n1", List.of(Set.of("n1", "n2", "n3")), 7, 42);
    assertEquals(2, asked.size(), "every other member is asked");
    asked.get("n3").complete(true);
    assertEquals(42L, round.join());
  }

  @Test
  void aRefusalAndAFailureLeaveNoMajority() {
    CompletableFuture<Long> round = LeadershipQuorum.confirm(peers, "n1", List.of(Set.of("n1", "n2", "n3")), 7, 42);
    asked.get("n2").complete(false);
    assertFalse(round.isDone(), "n3 may still confirm");
    asked.get("n3").completeExceptionally(new IllegalStateException("unreachable"));
    assertTrue(round.isCompletedExceptionally());
    asked.get("n2").complete(true);  // too late to matter
    assertTrue(round.isCompletedExceptionally());
  }

  @Test
  void fiveMembersNeedTwoFollowers() {
    CompletableFuture<Long> round = LeadershipQuorum.confirm(peers, "n1", List.of(Set.of("n1", "n2", "n3", "n4", "n5")), 7, 9);
    asked.get("n2").complete(true);
    asked.get("n3").complete(false);
    asked.get("n4").complete(false);
    assertFalse(round.isDone());
    asked.get("n5").complete(true);
    assertEquals(9L, round.join());
  }

  @Test
  void aSingleMemberConfirmsItself() {
    assertEquals(3L, LeadershipQuorum.confirm(peers, "n1", List.of(Set.of("n1")), 7, 3).join());
  }

  @Test
  void listenersAreNotAskedAndDoNotCount() {
    // Voters n1..n3; n4 is a listener, so it is not in the set.
    CompletableFuture<Long> round = LeadershipQuorum.confirm(peers, "n1", List.of(Set.of("n1", "n2", "n3")), 7, 5);
    assertFalse(asked.containsKey("n4"));
    asked.get("n2").complete(true);
    assertEquals(5L, round.join());
  }

  @Test
  void jointConsensusNeedsAMajorityOfBothSets() {
    // Old voters n1..n3, new voters n1, n2, n4, n5, n6 (n1 leads both).
    CompletableFuture<Long> round = LeadershipQuorum.confirm(peers, "n1",
        List.of(Set.of("n1", "n2", "n4", "n5", "n6"), Set.of("n1", "n2", "n3")), 7, 11);
    assertEquals(Set.of("n2", "n3", "n4", "n5", "n6"), asked.keySet());
    asked.get("n4").complete(true);
    asked.get("n5").complete(true);
    assertFalse(round.isDone(), "a majority of the new set, none yet of the old one");
    asked.get("n3").complete(true);
    assertEquals(11L, round.join());
  }

  @Test
  void aLeaderOutsideTheNewSetNeedsAMajorityOfItWithoutItself() {
    // Leader n1 being removed: new voters n2, n3, n4.
    CompletableFuture<Long> round = LeadershipQuorum.confirm(peers, "n1",
        List.of(Set.of("n2", "n3", "n4"), Set.of("n1", "n2", "n3")), 7, 13);
    asked.get("n2").complete(true);
    assertFalse(round.isDone(), "old set has its majority (n1, n2), the new one only n2");
    asked.get("n4").complete(false);
    asked.get("n3").complete(false);
    assertTrue(round.isCompletedExceptionally());
  }
}
