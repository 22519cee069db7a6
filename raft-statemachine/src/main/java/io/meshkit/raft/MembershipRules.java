package io.meshkit.raft;

import io.meshkit.proto.internal.v1.FollowerProgress;
import io.meshkit.proto.internal.v1.ReplicationProgress;
import io.meshkit.proto.v1.ErrorCode;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which membership changes are safe, judged from a configuration and the leader's view of
 * replication progress. Pure: no Raft calls, so every rule is unit-tested on its own.
 *
 * <p>A member is <em>healthy</em> when it is the leader, or the leader heard from it within
 * {@code contactWindowMs} and it trails the leader's commit index by at most {@code maxLag} entries.
 * Changes that would leave fewer healthy voters than a quorum of the new configuration are refused
 * with the reason: Raft would accept them, and the cluster would then stop taking writes.
 */
public final class MembershipRules {
  private final long maxLag;
  private final long contactWindowMs;

  /**
   * @param maxLag entries a member may trail the commit index by and still count as caught up
   * @param contactWindowMs how recently the leader must have heard from a member for it to count as reachable
   */
  public MembershipRules(long maxLag, long contactWindowMs) {
    this.maxLag = maxLag;
    this.contactWindowMs = contactWindowMs;
  }

  /** Refuses adding {@code member} to {@code set}: it must be new, with addresses of its own. */
  public void checkAdd(MemberSet set, RaftMember member) {
    requireStable(set);
    if (member.id().isBlank() || member.raftAddress().isBlank() || member.clientAddress().isBlank()) {
      throw refusal(ErrorCode.INVALID_ARGUMENT, "a new member needs an id, a Raft address and a client address",
          "give --raft-address and --client-address of the member (its raftAddress and clientAddress)");
    }
    if (set.find(member.id()).isPresent()) {
      throw refusal(ErrorCode.ALREADY_EXISTS, "member " + member.id() + " is already in the configuration",
          "pick another id, or remove the old member first");
    }
    for (RaftMember m : set.all()) {
      if (m.raftAddress().equals(member.raftAddress()) || m.clientAddress().equals(member.clientAddress())) {
        throw refusal(ErrorCode.ALREADY_EXISTS, "member " + m.id() + " already uses " + (m.raftAddress()
            .equals(member.raftAddress()) ? "Raft address " + m.raftAddress() : "client address " + m.clientAddress()),
            "every member needs its own addresses");
      }
    }
  }

  /** Refuses promoting {@code id} unless it is a listener that has caught up with the leader. */
  public void checkPromote(MemberSet set, ReplicationProgress progress, String id) {
    requireStable(set);
    requireKnown(set, id);
    if (set.isVoter(id)) {
      throw refusal(ErrorCode.FAILED_PRECONDITION, "member " + id + " is already a voter", "nothing to do");
    }
    String why = unhealthyReason(progress, id);
    if (why != null) {
      throw refusal(ErrorCode.FAILED_PRECONDITION, "member " + id + " has not caught up: " + why,
          "wait until `meshctl member list` shows it caught up, then promote it");
    }
  }

  /** Refuses removing {@code id} when the voters left could not form a quorum, or it is the last voter. */
  public void checkRemove(MemberSet set, ReplicationProgress progress, String id) {
    requireStable(set);
    requireKnown(set, id);
    if (!set.isVoter(id)) {
      return;  // a listener never counts toward a quorum
    }
    List<RaftMember> left = set.voters().stream().filter(m -> !m.id().equals(id)).toList();
    if (left.isEmpty()) {
      throw refusal(ErrorCode.FAILED_PRECONDITION, "member " + id + " is the last voter",
          "add and promote another member first");
    }
    long healthy = left.stream().filter(m -> unhealthyReason(progress, m.id()) == null).count();
    int quorum = left.size() / 2 + 1;
    if (healthy < quorum) {
      throw refusal(ErrorCode.FAILED_PRECONDITION, "removing " + id + " would leave " + left.size()
          + " voters of which " + healthy + " are reachable and caught up; a quorum of them is " + quorum,
          "bring the unreachable members back first (`meshctl member list` shows which), or remove one that is down");
    }
  }

  /**
   * The voter to hand leadership to: {@code to} when given (it must be a healthy voter), else the
   * healthy voter other than the leader with the highest match index.
   */
  public String transferTarget(MemberSet set, ReplicationProgress progress, Optional<String> to) {
    if (to.isPresent()) {
      requireKnown(set, to.get());
      if (!set.isVoter(to.get())) {
        throw refusal(ErrorCode.FAILED_PRECONDITION, "member " + to.get() + " is a listener and cannot lead",
            "promote it first");
      }
      String why = unhealthyReason(progress, to.get());
      if (why != null) {
        throw refusal(ErrorCode.FAILED_PRECONDITION, "member " + to.get() + " cannot take over: " + why,
            "pick a caught-up voter (`meshctl member list`), or wait");
      }
      return to.get();
    }
    return progress.getFollowersList().stream()
        .filter(f -> set.isVoter(f.getId()) && unhealthyReason(progress, f.getId()) == null)
        .max(Comparator.comparingLong(FollowerProgress::getMatchIndex))
        .map(FollowerProgress::getId)
        .orElseThrow(() -> refusal(ErrorCode.FAILED_PRECONDITION, "no other voter is reachable and caught up",
            "check `meshctl member list`; a leader can only hand over to a caught-up voter"));
  }

  /** Why {@code id} does not count as healthy, or null when it does. */
  public String unhealthyReason(ReplicationProgress progress, String id) {
    if (id.equals(progress.getLeaderId())) {
      return null;
    }
    Optional<FollowerProgress> f = progress.getFollowersList().stream().filter(p -> p.getId().equals(id)).findFirst();
    if (f.isEmpty()) {
      return "the leader has no replication progress for it";
    }
    if (f.get().getLastContactMs() > contactWindowMs) {
      return "the leader has not heard from it for " + f.get().getLastContactMs() + " ms";
    }
    long lag = Math.max(0, progress.getCommitIndex() - f.get().getMatchIndex());
    if (lag > maxLag) {
      return "it trails the leader by " + lag + " entries (at most " + maxLag + " count as caught up)";
    }
    return null;
  }

  private static void requireStable(MemberSet set) {
    if (!set.stable()) {
      throw refusal(ErrorCode.CONFLICT, "a membership change is already under way",
          "retry once it completes (`meshctl member list`)");
    }
  }

  private static void requireKnown(MemberSet set, String id) {
    if (set.find(id).isEmpty()) {
      throw refusal(ErrorCode.NOT_FOUND, "no member " + id + " in the configuration "
          + set.all().stream().map(RaftMember::id).toList(), "`meshctl member list` shows the members");
    }
  }

  private static MeshException refusal(ErrorCode code, String message, String hint) {
    return new MeshException(code, message, hint);
  }
}
