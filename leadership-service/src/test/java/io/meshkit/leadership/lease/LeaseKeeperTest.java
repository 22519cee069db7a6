package io.meshkit.leadership.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.proto.internal.v1.LeaseCheckpoint;
import io.meshkit.proto.internal.v1.StoredLease;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The leader's lease table with a controllable clock: renewals, promotion, checkpoints, expiry. */
class LeaseKeeperTest {
  private static final long TTL_MS = 10_000;
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final LeaseKeeper keeper = new LeaseKeeper(clock::get, 1_000);

  private void advanceMs(long ms) {
    clock.addAndGet(ms * 1_000_000L);
  }

  private static StoredLease lease(long id, long checkpointRemainingMs) {
    return StoredLease.newBuilder().setId(id).setTtlMs(TTL_MS).setCheckpointRemainingMs(checkpointRemainingMs).build();
  }

  @Test
  void aFollowerTracksNothingAndRefusesRenewals() {
    keeper.granted(1, TTL_MS);
    assertEquals(LeaseKeeper.Renewal.NOT_LEADER, keeper.renew(1));
    assertEquals(0, keeper.size());
    assertEquals(List.of(), keeper.dueForExpiry(10));
  }

  @Test
  void aRenewedLeaseOutlivesItsOriginalDeadlineAndAnAbandonedOneExpiresAtItsTtl() {
    keeper.promote(3, List.of());
    keeper.granted(1, TTL_MS);
    keeper.granted(2, TTL_MS);
    for (int i = 0; i < 5; i++) {
      advanceMs(3_000);
      assertEquals(LeaseKeeper.Renewal.RENEWED, keeper.renew(1));
    }
    // 15 s in: lease 2 (never renewed) expired at 10 s; lease 1 lives until 25 s.
    assertEquals(List.of(2L), keeper.dueForExpiry(10));
    assertEquals(List.of(), keeper.dueForExpiry(10), "an expiry in flight is not proposed twice");
    assertEquals(LeaseKeeper.Renewal.GONE, keeper.renew(2), "a lease past its deadline cannot be revived");
    advanceMs(9_999);
    assertEquals(List.of(), keeper.dueForExpiry(10), "not before the TTL since the last renewal");
    advanceMs(1);
    assertEquals(List.of(1L), keeper.dueForExpiry(10));
  }

  @Test
  void aFailedExpiryProposalIsProposedAgain() {
    keeper.promote(3, List.of());
    keeper.granted(1, TTL_MS);
    advanceMs(TTL_MS);
    List<Long> due = keeper.dueForExpiry(10);
    keeper.expiryFailed(due);
    assertEquals(List.of(1L), keeper.dueForExpiry(10));
  }

  @Test
  void expiriesComeInBoundedBatches() {
    keeper.promote(3, List.of());
    for (long id = 1; id <= 25; id++) {
      keeper.granted(id, TTL_MS);
    }
    advanceMs(TTL_MS);
    assertEquals(10, keeper.dueForExpiry(10).size());
    assertEquals(10, keeper.dueForExpiry(10).size());
    assertEquals(5, keeper.dueForExpiry(10).size());
  }

  @Test
  void healthyHoldersAreNeverCheckpointedAndIdleLeasesAreCheckpointedWithTheirRemainingTtl() {
    keeper.promote(3, List.of());
    keeper.granted(1, TTL_MS);
    keeper.granted(2, TTL_MS);
    for (int i = 0; i < 20; i++) {
      advanceMs(1_000);
      keeper.renew(1);
      List<LeaseCheckpoint> due = keeper.dueForCheckpoint(100);
      assertTrue(due.stream().noneMatch(c -> c.getId() == 1), "a lease renewed every second is not checkpointed");
      if (i == 4) { // 5 s idle = half the TTL
        assertEquals(List.of(LeaseCheckpoint.newBuilder().setId(2).setRemainingMs(5_000)
            .setOrder(LeaseKeeper.checkpointOrder(1)).build()), due);
      }
      if (i >= 10) {
        break;
      }
    }
  }

  @Test
  void aNewLeaderGivesTheFullTtlWithoutACheckpointAndTheCheckpointedRemainderWithOne() {
    keeper.promote(7, List.of(lease(1, 0), lease(2, 4_000)));
    assertEquals(TTL_MS, keeper.remainingMs(1));
    assertEquals(4_000, keeper.remainingMs(2));
    advanceMs(4_000);
    assertEquals(List.of(2L), keeper.dueForExpiry(10));
  }

  @Test
  void renewingACheckpointedLeaseNeedsAResetFirst() {
    keeper.promote(7, List.of(lease(1, 4_000)));
    assertEquals(LeaseKeeper.Renewal.RESET_FIRST, keeper.renew(1));
    long seq = keeper.checkpointSeq(1);
    advanceMs(50); // the reset commits
    assertEquals(LeaseKeeper.Renewal.RENEWED, keeper.renewAfterReset(1, seq));
    assertEquals(TTL_MS, keeper.remainingMs(1));
    assertEquals(LeaseKeeper.Renewal.RENEWED, keeper.renew(1), "after the reset, renewals are in memory again");
  }

  @Test
  void aResetOvertakenByANewerCheckpointLeavesTheLeaseCheckpointed() {
    keeper.promote(7, List.of(lease(1, 6_000)));
    assertEquals(LeaseKeeper.Renewal.RESET_FIRST, keeper.renew(1));
    long seq = keeper.checkpointSeq(1);
    advanceMs(5_000); // idle half the TTL again before the reset answered
    assertEquals(1, keeper.dueForCheckpoint(10).size());
    keeper.renewAfterReset(1, seq);
    assertEquals(LeaseKeeper.Renewal.RESET_FIRST, keeper.renew(1));
  }

  /**
   * Safety across leader changes: whatever sequence of renewals, checkpoints and promotions, no
   * leader's deadline for a lease falls before (time of the last acknowledged renewal + TTL).
   * The simulation follows the protocol: a checkpoint is stored when proposed by the leader that
   * still leads; a renewal of a checkpointed lease is acknowledged only after its reset is stored.
   */
  @Test
  void noLeaderChangeExpiresALeaseEarlierThanItsTtlAfterTheLastAcknowledgedRenewal() {
    java.util.Random random = new java.util.Random(42);
    for (int run = 0; run < 200; run++) {
      Map<Long, Long> storedRemaining = new HashMap<>();
      storedRemaining.put(1L, 0L);
      LeaseKeeper leader = new LeaseKeeper(clock::get, 1_000);
      leader.promote(1, stored(storedRemaining));
      long lastAck = clock.get();
      for (int step = 0; step < 60; step++) {
        advanceMs(random.nextInt(3_000));
        switch (random.nextInt(4)) {
          case 0 -> { // the holder renews
            LeaseKeeper.Renewal r = leader.renew(1);
            if (r == LeaseKeeper.Renewal.RESET_FIRST) {
              long seq = leader.checkpointSeq(1);
              storedRemaining.put(1L, 0L);
              r = leader.renewAfterReset(1, seq);
            }
            if (r == LeaseKeeper.Renewal.RENEWED) {
              lastAck = clock.get();
            }
          }
          case 1 -> leader.dueForCheckpoint(10).forEach(c -> storedRemaining.put(c.getId(), c.getRemainingMs()));
          case 2 -> { // leader change
            leader = new LeaseKeeper(clock::get, 1_000);
            leader.promote(step + 2, stored(storedRemaining));
          }
          default -> { }
        }
        if (!leader.dueForExpiry(10).isEmpty()) {
          long earliest = lastAck + TTL_MS * 1_000_000L;
          assertTrue(clock.get() >= earliest, "run " + run + " step " + step + ": expired "
              + (earliest - clock.get()) / 1_000_000 + " ms early");
          break;
        }
      }
    }
  }

  /**
   * Liveness across leader changes: an abandoned lease expires even if the leader changes every
   * 4 s (longer than TTL/3, shorter than the TTL), which without checkpoints would extend it forever.
   */
  @Test
  void leaderChurnDoesNotKeepAnAbandonedLeaseAlive() {
    Map<Long, Long> storedRemaining = new HashMap<>();
    storedRemaining.put(1L, 0L);
    long abandoned = clock.get();
    LeaseKeeper leader = new LeaseKeeper(clock::get, 500);
    leader.promote(1, stored(storedRemaining));
    long expiredAt = -1;
    for (int term = 2; term < 200 && expiredAt < 0; term++) {
      for (int tick = 0; tick < 40; tick++) { // one leader lives 4 s, ticking every 100 ms
        advanceMs(100);
        leader.dueForCheckpoint(10).forEach(c -> storedRemaining.put(c.getId(), c.getRemainingMs()));
        if (!leader.dueForExpiry(10).isEmpty()) {
          expiredAt = clock.get();
          break;
        }
      }
      leader = new LeaseKeeper(clock::get, 500);
      leader.promote(term, stored(storedRemaining));
    }
    assertTrue(expiredAt > 0, "the abandoned lease expired");
    long afterMs = (expiredAt - abandoned) / 1_000_000L;
    assertTrue(afterMs >= TTL_MS && afterMs <= TTL_MS + 4_000, "expired " + afterMs + " ms after abandonment");
  }

  private static List<StoredLease> stored(Map<Long, Long> remaining) {
    List<StoredLease> leases = new ArrayList<>();
    remaining.forEach((id, r) -> leases.add(lease(id, r)));
    return leases;
  }
}
