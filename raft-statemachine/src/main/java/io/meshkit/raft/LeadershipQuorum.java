package io.meshkit.raft;

import io.meshkit.proto.v1.ErrorCode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One confirmation round of a leader's read index: the leader of {@code term} recorded
 * {@code index}, then asks every other member whether it still follows it in that term. With
 * itself, a majority answering yes confirms that no leader of a later term had been elected when
 * they answered — every vote for one would have needed one of them, and a member that voted in a
 * later term no longer answers yes — so every write acknowledged before the round began is at or
 * below {@code index}. The round fails as soon as a majority can no longer be reached.
 */
final class LeadershipQuorum {
  private LeadershipQuorum() {}

  /**
   * @param others every member but the leader
   * @return {@code index} once confirmed; a {@link MeshException} ({@code NO_LEADER}) when not
   */
  static CompletableFuture<Long> confirm(PeerReads peers, String self, List<String> others, long term, long index) {
    int members = others.size() + 1;
    int needed = members / 2;  // answers besides the leader's own
    CompletableFuture<Long> confirmed = new CompletableFuture<>();
    if (needed == 0) {
      confirmed.complete(index);
      return confirmed;
    }
    AtomicInteger yes = new AtomicInteger();
    AtomicInteger no = new AtomicInteger();
    for (String peer : others) {
      CompletableFuture<Boolean> answer;
      try {
        answer = peers.follows(peer, term, self);
      } catch (RuntimeException e) {
        answer = CompletableFuture.failedFuture(e);
      }
      answer.whenComplete((follows, failure) -> {
        if (failure == null && Boolean.TRUE.equals(follows)) {
          if (yes.incrementAndGet() == needed) {
            confirmed.complete(index);
          }
        } else if (no.incrementAndGet() == others.size() - needed + 1) {
          confirmed.completeExceptionally(new MeshException(ErrorCode.NO_LEADER, "member " + self
              + " could not confirm it still leads term " + term + ": " + no.get() + " of " + others.size()
              + " other members do not follow it", "the cluster may be electing a leader; retry in a moment"));
        }
      });
    }
    return confirmed;
  }
}
