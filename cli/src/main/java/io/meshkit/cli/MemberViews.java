package io.meshkit.cli;

import io.meshkit.proto.v1.ClusterMember;
import io.meshkit.proto.v1.ListMembersResponse;
import io.meshkit.proto.v1.MemberRole;
import java.io.PrintWriter;
import java.util.List;

/** The documents of {@code meshctl member} ({@code -o json|yaml}) and their table. */
final class MemberViews {
  private MemberViews() {}

  /**
   * One member of the Raft configuration. {@code matchIndex}, {@code lag} and {@code lastContactMs} are
   * null when the leader's progress was not available; {@code problem} is null when the member is
   * reachable and caught up.
   */
  record Member(String id, String role, boolean leader, String raftAddress, String clientAddress,
      String adminAddress, Long matchIndex, Long lag, Long lastContactMs, String problem) {
    static Member of(ClusterMember m) {
      boolean known = m.getProgressKnown();
      return new Member(m.getMember().getId(), m.getRole() == MemberRole.LISTENER ? "listener" : "voter",
          m.getIsLeader(), m.getMember().getRaftAddress(), m.getMember().getClientAddress(),
          m.getMember().getAdminAddress(), known ? m.getMatchIndex() : null, known ? m.getLag() : null,
          known ? m.getLastContactMs() : null, m.getProblem().isEmpty() ? null : m.getProblem());
    }
  }

  /** Prints what a membership change left: {@code done} and the configuration (or its document). */
  static int printChange(Session session, ListMembersResponse after, String done) {
    Members members = Members.of(after);
    session.output().print(members, out -> {
      out.println(done);
      members.table(out);
    });
    return ExitCodes.OK;
  }

  /** The configuration: members, the leader, whether a change is under way. */
  record Members(String leader, long commitIndex, long configurationIndex, boolean reconfiguring,
      List<Member> members) {
    static Members of(ListMembersResponse r) {
      return new Members(r.getLeaderId(), r.getCommitIndex(), r.getConfigurationIndex(), r.getReconfiguring(),
          r.getMembersList().stream().map(Member::of).toList());
    }

    void table(PrintWriter out) {
      TextTable table = new TextTable("ID", "ROLE", "LEADER", "RAFT ADDRESS", "CLIENT ADDRESS", "MATCH", "LAG",
          "LAST CONTACT", "STATUS");
      for (Member m : members) {
        table.row(m.id(), m.role(), m.leader() ? "*" : "", m.raftAddress(), m.clientAddress(), m.matchIndex(),
            m.lag(), m.lastContactMs() == null ? null : m.lastContactMs() + " ms",
            m.matchIndex() == null ? "progress unknown" : m.problem() == null ? "caught up" : m.problem());
      }
      table.print(out);
      if (reconfiguring) {
        out.println("a membership change is under way");
      }
    }
  }
}
