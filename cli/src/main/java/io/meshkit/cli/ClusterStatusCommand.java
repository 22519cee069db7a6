package io.meshkit.cli;

import io.meshkit.proto.v1.MemberStatusResponse;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;

/** {@code meshctl cluster status}: every member's own view of itself. */
@Command(name = "status", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Shows every member as it sees itself: role, Raft term, commit and applied index, "
        + "whether it leads, version and database size.",
        "The member list comes from the first endpoint that answers; then each member is asked at its "
            + "client address. A member that does not answer is listed with the error instead."},
    footer = {"", "Examples:",
        "  meshctl cluster status",
        "  meshctl --endpoints 127.0.0.1:7002 cluster status -o yaml",
        "",
        "Exit codes: 0 every member answered, 1 some member did not (it is listed with its error),",
        "  3 no endpoint answered."})
final class ClusterStatusCommand extends ClientCommand {

  @Override
  int run(Session session) {
    MemberStatusResponse first = ClusterProbe.discover(session.client(), session.endpoints());
    List<Views.MemberStatus> members = ClusterProbe
        .askEach(ClusterProbe.members(first), session.client()::memberStatus).stream()
        .map(ClusterStatusCommand::view).toList();
    boolean allReachable = members.stream().allMatch(m -> m.error() == null);
    Views.ClusterStatus status = new Views.ClusterStatus(first.getHeader().getClusterId(), allReachable, members);
    session.output().print(status, out -> table(members).print(out));
    return allReachable ? ExitCodes.OK : ExitCodes.REFUSED;
  }

  private static Views.MemberStatus view(ClusterProbe.Answer<MemberStatusResponse> a) {
    String id = a.member().getId();
    String address = a.member().getClientAddress();
    if (a.error() != null) {
      return Views.MemberStatus.unreachable(id, address, a.error());
    }
    MemberStatusResponse s = a.answer();
    return new Views.MemberStatus(id, address, s.getRole(), s.getTerm(), s.getCommitIndex(), s.getAppliedIndex(),
        s.getLeaderId(), "LEADER".equals(s.getRole()), s.getVersion(), s.getDbSizeBytes(), null);
  }

  private static TextTable table(List<Views.MemberStatus> members) {
    TextTable table = new TextTable("ID", "ADDRESS", "ROLE", "TERM", "COMMIT", "APPLIED", "LEADER", "VERSION",
        "DB SIZE", "ERROR");
    for (Views.MemberStatus m : members) {
      if (m.error() != null) {
        table.row(m.id(), m.address(), "UNREACHABLE", null, null, null, null, null, null, m.error());
      } else {
        table.row(m.id(), m.address(), m.role(), m.term(), m.commitIndex(), m.appliedIndex(),
            m.isLeader() ? "*" : "", m.version(), bytes(m.dbSizeBytes()), "");
      }
    }
    return table;
  }

  /** {@code 512 B}, {@code 1.5 KiB}, {@code 20.0 MiB}, ... */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = n;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
