package io.meshkit.raft;

import java.io.IOException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;

/**
 * This member's Raft role, read from its Ratis division afresh on every call: whether it is the
 * ready leader (and at which term and commit index), which leader it knows, whether it follows a
 * given leader in a given term. A division that is gone reads as "no role" (null, false).
 */
final class RatisRole implements ReadBarriers.Role {
  private final RaftServer server;
  private final RaftGroupId group;
  private volatile Viewed viewed;

  RatisRole(RaftServer server, RaftGroupId group) {
    this.server = server;
    this.group = group;
  }

  /** Whether this member leads and has committed an entry of its own term. */
  boolean isLeaderReady() {
    DivisionInfo info = info();
    return info != null && info.isLeaderReady();
  }

  @Override
  public ReadBarriers.LeaderTerm leading() {
    try {
      var division = server.getDivision(group);
      DivisionInfo info = division.getInfo();
      if (!info.isLeaderReady()) {
        return null;
      }
      long term = info.getCurrentTerm();
      long commit = division.getRaftLog().getLastCommittedIndex();
      // Re-read: the commit index must be this term's leader's.
      return info.isLeaderReady() && info.getCurrentTerm() == term ? new ReadBarriers.LeaderTerm(term, commit) : null;
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public String leaderId() {
    DivisionInfo info = info();
    RaftPeerId leader = info == null ? null : info.getLeaderId();
    return leader == null ? null : leader.toString();
  }

  /**
   * Whether this member's current term is {@code term} and it knows {@code leaderId} as its leader.
   * A member answering yes has not voted in any later term.
   */
  boolean follows(long term, String leaderId) {
    DivisionInfo info = info();
    if (info == null || info.isLeader() || info.getCurrentTerm() != term) {
      return false;
    }
    RaftPeerId leader = info.getLeaderId();
    return leader != null && leader.toString().equals(leaderId);
  }

  @Override
  public List<Set<String>> quorums() {
    return memberSet().quorums();
  }

  /**
   * This member's latest configuration (committed or not); empty when the division is gone or knows none.
   * Read on hot paths (every forwarded request, every read-index round): Ratis replaces its immutable
   * configuration object on each change, so the view is rebuilt only when that object changes.
   */
  MemberSet memberSet() {
    RaftConfiguration conf;
    try {
      conf = server.getDivision(group).getRaftConf();
    } catch (IOException e) {
      return new MemberSet(-1, List.of(), List.of(), List.of());
    }
    Viewed last = viewed;
    if (last != null && last.conf() == conf) {
      return last.set();
    }
    MemberSet set = new MemberSet(conf.getLogEntryIndex(), members(conf.getCurrentPeers(RaftPeerRole.FOLLOWER)),
        members(conf.getCurrentPeers(RaftPeerRole.LISTENER)), members(conf.getPreviousPeers(RaftPeerRole.FOLLOWER)));
    viewed = new Viewed(conf, set);
    return set;
  }

  /** The view last built, and the configuration object it was built from. */
  private record Viewed(RaftConfiguration conf, MemberSet set) {}

  private static List<RaftMember> members(Collection<RaftPeer> peers) {
    return peers.stream().map(PeerAddresses::fromPeer).sorted(Comparator.comparing(RaftMember::id)).toList();
  }

  private DivisionInfo info() {
    try {
      return server.getDivision(group).getInfo();
    } catch (IOException e) {
      return null;
    }
  }
}
