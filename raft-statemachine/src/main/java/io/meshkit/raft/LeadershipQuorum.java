package io.meshkit.raft;

import io.meshkit.proto.v1.ErrorCode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One confirmation round of a leader's read index: the leader of {@code term} recorded
 * {@code index}, then asks the other voters whether they still follow it in that term. With itself,
 * a majority of every voter set of its configuration answering yes (one set; two during joint
 * consensus) confirms that no leader of a later term had been elected when they answered — every
 * election needs a majority of those sets, so a vote from one of them, and a member that voted in a
 * later term no longer answers yes — so every write acknowledged before the round began is at or
 * below {@code index}. Listeners never vote and are not asked. The round fails as soon as some set
 * can no longer reach a majority.
 */
final class LeadershipQuorum {
  private LeadershipQuorum() {}

  /**
   * @param quorums the voter sets of the leader's configuration (see {@link MemberSet#quorums()})
   * @return {@code index} once confirmed; a {@link MeshException} ({@code NO_LEADER}) when not
   */
  static CompletableFuture<Long> confirm(PeerReads peers, String self, List<Set<String>> quorums, long term,
      long index) {
    CompletableFuture<Long> confirmed = new CompletableFuture<>();
    if (quorums.isEmpty()) {  // no configuration known: nothing can confirm a leader
      confirmed.completeExceptionally(new MeshException(ErrorCode.NO_LEADER, "member " + self
          + " knows no voters to confirm its leadership with", "retry once the member has its configuration"));
      return confirmed;
    }
    Tally tally = new Tally(self, quorums);
    if (tally.confirmed()) {
      confirmed.complete(index);
      return confirmed;
    }
    for (String peer : tally.asked()) {
      CompletableFuture<Boolean> answer;
      try {
        answer = peers.follows(peer, term, self);
      } catch (RuntimeException e) {
        answer = CompletableFuture.failedFuture(e);
      }
      answer.whenComplete((follows, failure) -> {
        boolean yes = failure == null && Boolean.TRUE.equals(follows);
        synchronized (tally) {
          tally.answer(peer, yes);
          if (tally.confirmed()) {
            confirmed.complete(index);
          } else if (tally.lost()) {
            confirmed.completeExceptionally(new MeshException(ErrorCode.NO_LEADER, "member " + self
                + " could not confirm it still leads term " + term + ": " + tally.refusals()
                + " voters do not follow it", "the cluster may be electing a leader; retry in a moment"));
          }
        }
      });
    }
    return confirmed;
  }

  /** Yes and no answers per voter set. Not thread-safe: the caller holds its lock. */
  private static final class Tally {
    private final List<Set<String>> sets;
    private final int[] yes;
    private final int[] no;
    private final Set<String> asked = new LinkedHashSet<>();
    private int refusals;

    Tally(String self, List<Set<String>> quorums) {
      this.sets = List.copyOf(quorums);
      this.yes = new int[sets.size()];
      this.no = new int[sets.size()];
      for (int i = 0; i < sets.size(); i++) {
        if (sets.get(i).contains(self)) {
          yes[i]++;
        }
        for (String member : sets.get(i)) {
          if (!member.equals(self)) {
            asked.add(member);
          }
        }
      }
    }

    Set<String> asked() {
      return asked;
    }

    void answer(String member, boolean follows) {
      refusals += follows ? 0 : 1;
      for (int i = 0; i < sets.size(); i++) {
        if (sets.get(i).contains(member)) {
          if (follows) {
            yes[i]++;
          } else {
            no[i]++;
          }
        }
      }
    }

    boolean confirmed() {
      for (int i = 0; i < sets.size(); i++) {
        if (yes[i] < majority(i)) {
          return false;
        }
      }
      return true;
    }

    /** Whether some set can no longer reach a majority. */
    boolean lost() {
      for (int i = 0; i < sets.size(); i++) {
        if (sets.get(i).size() - no[i] < majority(i)) {
          return true;
        }
      }
      return false;
    }

    int refusals() {
      return refusals;
    }

    private int majority(int set) {
      return sets.get(set).size() / 2 + 1;
    }
  }
}
