package io.meshkit.leadership.lease;

import io.meshkit.proto.internal.v1.LeaseCheckpoint;
import io.meshkit.proto.internal.v1.StoredLease;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The leader's in-memory lease deadlines. Keepalives touch only this table; grants, revokes,
 * expiries and checkpoints go through the log. Only the leader's keeper is active; a follower's
 * holds nothing until {@link #promote}.
 *
 * <p>Safety (never expire before the TTL since the holder sent an acknowledged keepalive): a renewal
 * is answered by {@link #renew} after the leader confirmed its leadership, with deadline = now +
 * TTL. A new leader {@link #promote}s every lease to now + TTL, or to now + its checkpointed
 * remaining TTL when one is stored — which is safe because a lease with a stored remaining TTL is
 * renewed only after a "reset" checkpoint (remaining 0) is committed ({@link Renewal#RESET_FIRST}).
 *
 * <p>Liveness (leader churn cannot keep an abandoned lease alive): a lease idle for half its TTL is
 * checkpointed with its remaining TTL, and again every checkpoint interval, so each new leader
 * starts from a remaining TTL that only shrinks. A new leader does not know how long a lease without
 * a checkpoint has been idle; it checkpoints it if it is not renewed within TTL/3 of the promotion.
 * So an abandoned lease expires at most TTL after it was abandoned, plus any stretch during which
 * no leader lasted longer than TTL/3. Healthy holders (renewing at least every TTL/3) are never
 * checkpointed, so keepalives cost no Raft writes.
 *
 * <p>Thread-safe (one lock): called from the apply thread, query threads and the duty loop.
 */
final class LeaseKeeper {
  /** What {@link #renew} decided. */
  enum Renewal {
    /** Extended: the lease lives TTL from now. */
    RENEWED,
    /** The lease has a stored remaining TTL: commit a reset checkpoint, then {@link #renewAfterReset}. */
    RESET_FIRST,
    /** No such lease, or its deadline passed (an expiry is due or in flight). */
    GONE,
    /** This member does not lead (or has not promoted its leases yet). */
    NOT_LEADER
  }

  private static final class Tracked {
    final long id;
    final long ttlNanos;
    long deadline;
    long lastRenewal;
    /** A remaining TTL is stored or proposed: a renewal must reset it first. */
    boolean checkpointed;
    long lastCheckpoint;
    /** Counts checkpoint decisions, so a reset knows whether a newer checkpoint overtook it. */
    long checkpointSeq;
    boolean expiring;

    Tracked(long id, long ttlMs) {
      this.id = id;
      this.ttlNanos = ttlMs * 1_000_000L;
    }
  }

  private final LongSupplier nanoClock;
  private final long checkpointIntervalNanos;
  private final Map<Long, Tracked> leases = new HashMap<>();
  /** The term this keeper leads in, or -1. */
  private long term = -1;

  LeaseKeeper(LongSupplier nanoClock, long checkpointIntervalMs) {
    this.nanoClock = nanoClock;
    this.checkpointIntervalNanos = checkpointIntervalMs * 1_000_000L;
  }

  /** Starts leading in {@code term} with the leases of the applied state; see the class contract. */
  synchronized void promote(long term, Iterable<StoredLease> stored) {
    long now = nanoClock.getAsLong();
    leases.clear();
    for (StoredLease s : stored) {
      Tracked t = new Tracked(s.getId(), s.getTtlMs());
      long remaining = s.getCheckpointRemainingMs() * 1_000_000L;
      if (remaining > 0 && remaining < t.ttlNanos) {
        t.deadline = now + remaining;
        t.lastRenewal = now - (t.ttlNanos - remaining); // idle as long as the checkpoint says
        t.checkpointed = true;
        t.lastCheckpoint = now;
      } else {
        t.deadline = now + t.ttlNanos;
        // Unknown idleness: assume TTL/6, so a lease not renewed within TTL/3 of the promotion is
        // checkpointed. Healthy holders renew within TTL/3 and cost nothing; an abandoned lease
        // makes progress under any leader that lasts longer than TTL/3.
        t.lastRenewal = now - t.ttlNanos / 6;
      }
      leases.put(t.id, t);
    }
    this.term = term;
  }

  synchronized void demote() {
    term = -1;
    leases.clear();
  }

  /** The term this keeper leads in, or -1. */
  synchronized long term() {
    return term;
  }

  /** A grant was applied: the new lease runs its full TTL from now. */
  synchronized void granted(long id, long ttlMs) {
    if (term < 0) {
      return;
    }
    Tracked t = new Tracked(id, ttlMs);
    long now = nanoClock.getAsLong();
    t.deadline = now + t.ttlNanos;
    t.lastRenewal = now;
    leases.put(id, t);
  }

  /** A revoke or expiry was applied. */
  synchronized void ended(long id) {
    leases.remove(id);
  }

  /** Extends {@code id} to TTL from now, unless a stored remaining TTL must be reset first. */
  synchronized Renewal renew(long id) {
    if (term < 0) {
      return Renewal.NOT_LEADER;
    }
    long now = nanoClock.getAsLong();
    Tracked t = alive(id, now);
    if (t == null) {
      return Renewal.GONE;
    }
    if (t.checkpointed) {
      // Keeps the checkpoint pass away from this lease while the reset is in flight.
      t.lastRenewal = now;
      return Renewal.RESET_FIRST;
    }
    t.deadline = now + t.ttlNanos;
    t.lastRenewal = now;
    return Renewal.RENEWED;
  }

  /**
   * After the reset checkpoint committed: the lease no longer has a stored remaining TTL (unless a
   * newer checkpoint was chosen since) and lives TTL from now.
   */
  synchronized Renewal renewAfterReset(long id, long checkpointBefore) {
    if (term < 0) {
      return Renewal.NOT_LEADER;
    }
    long now = nanoClock.getAsLong();
    Tracked t = alive(id, now);
    if (t == null) {
      return Renewal.GONE;
    }
    if (t.checkpointSeq == checkpointBefore) {
      t.checkpointed = false;
    }
    t.deadline = now + t.ttlNanos;
    t.lastRenewal = now;
    return Renewal.RENEWED;
  }

  /** The lease if it may still be renewed: known, not past its deadline, no expiry in flight. */
  private Tracked alive(long id, long now) {
    Tracked t = leases.get(id);
    return t == null || t.expiring || t.deadline <= now ? null : t;
  }

  /** How many checkpoints were chosen for the lease; pass to {@link #renewAfterReset}. */
  synchronized long checkpointSeq(long id) {
    Tracked t = leases.get(id);
    return t == null ? 0 : t.checkpointSeq;
  }

  /** The granted TTL of {@code id} in ms, or -1. */
  synchronized long ttlMs(long id) {
    Tracked t = leases.get(id);
    return t == null ? -1 : t.ttlNanos / 1_000_000L;
  }

  /** Remaining TTL in ms (never negative), -1 when unknown; NOT_LEADER is the caller's to check. */
  synchronized long remainingMs(long id) {
    Tracked t = leases.get(id);
    if (t == null) {
      return -1;
    }
    return Math.max(0, (t.deadline - nanoClock.getAsLong()) / 1_000_000L);
  }

  /** Leases past their deadline, at most {@code max}, marked as expiring. */
  synchronized List<Long> dueForExpiry(int max) {
    return collect(max, (t, now) -> {
      if (t.expiring || t.deadline > now) {
        return null;
      }
      t.expiring = true;
      return t.id;
    });
  }

  /** An expiry proposal failed: the leases may be proposed again. */
  synchronized void expiryFailed(List<Long> ids) {
    for (long id : ids) {
      Tracked t = leases.get(id);
      if (t != null) {
        t.expiring = false;
      }
    }
  }

  /**
   * Leases idle for at least half their TTL and not checkpointed within the interval, at most
   * {@code max}, with their remaining TTL; each is marked checkpointed.
   */
  synchronized List<LeaseCheckpoint> dueForCheckpoint(int max) {
    return collect(max, (t, now) -> {
      boolean idle = now - t.lastRenewal >= t.ttlNanos / 2;
      boolean stale = !t.checkpointed || now - t.lastCheckpoint >= checkpointIntervalNanos;
      long remaining = t.deadline - now;
      if (t.expiring || !idle || !stale || remaining <= 0) {
        return null;
      }
      t.checkpointed = true;
      t.lastCheckpoint = now;
      t.checkpointSeq++;
      return LeaseCheckpoint.newBuilder().setId(t.id).setRemainingMs(Math.max(1, remaining / 1_000_000L))
          .setOrder(checkpointOrder(t.checkpointSeq)).build();
    });
  }

  /** What {@code pick} returns (non-null) for up to {@code max} leases; nothing when not leading. */
  private <T> List<T> collect(int max, java.util.function.BiFunction<Tracked, Long, T> pick) {
    List<T> due = new ArrayList<>();
    if (term < 0) {
      return due;
    }
    long now = nanoClock.getAsLong();
    for (Tracked t : leases.values()) {
      if (due.size() >= max) {
        break;
      }
      T picked = pick.apply(t, now);
      if (picked != null) {
        due.add(picked);
      }
    }
    return due;
  }

  /** The order of the checkpoint chosen as the lease's {@code seq}-th: even. */
  static long checkpointOrder(long seq) {
    return 2 * seq;
  }

  /** The order of a reset decided after the lease's {@code seq}-th checkpoint: odd, so it wins. */
  static long resetOrder(long seq) {
    return 2 * seq + 1;
  }

  synchronized int size() {
    return leases.size();
  }
}
