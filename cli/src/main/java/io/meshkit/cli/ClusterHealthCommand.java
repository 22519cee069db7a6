package io.meshkit.cli;

import io.meshkit.proto.v1.HealthResponse;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code meshctl cluster health}: can every member serve a linearizable read now? */
@Command(name = "health", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Asks every member whether it can serve a linearizable read now: it sees a leader and a "
        + "read through the quorum completes in time.",
        "The member list comes from the first endpoint that answers; then each member is asked at its "
            + "client address."},
    footer = {"", "Examples:",
        "  meshctl cluster health",
        "  meshctl cluster health -o json --timeout 2s",
        "",
        "Exit codes: 0 every member is healthy, 1 some member is unhealthy or unreachable,",
        "  3 no endpoint answered."})
final class ClusterHealthCommand extends ClientCommand {

  @Override
  int run(Session session) {
    List<Views.MemberHealth> members = ClusterProbe
        .askEach(ClusterProbe.members(ClusterProbe.discover(session.client(), session.endpoints())),
            session.client()::health).stream()
        .map(ClusterHealthCommand::view).toList();
    boolean healthy = members.stream().allMatch(Views.MemberHealth::healthy);
    session.output().print(new Views.ClusterHealth(healthy, members), out -> table(members).print(out));
    return healthy ? ExitCodes.OK : ExitCodes.REFUSED;
  }

  private static Views.MemberHealth view(ClusterProbe.Answer<HealthResponse> a) {
    String id = a.member().getId();
    String address = a.member().getClientAddress();
    if (a.error() != null) {
      return new Views.MemberHealth(id, address, false, false, a.error());
    }
    HealthResponse h = a.answer();
    return new Views.MemberHealth(id, address, h.getHealthy(), true, h.getHealthy() ? null : h.getReason());
  }

  private static TextTable table(List<Views.MemberHealth> members) {
    TextTable table = new TextTable("ID", "ADDRESS", "HEALTH", "REASON");
    for (Views.MemberHealth m : members) {
      String health = m.healthy() ? "healthy" : m.reachable() ? "UNHEALTHY" : "UNREACHABLE";
      table.row(m.id(), m.address(), health, m.reason() == null ? "" : m.reason());
    }
    return table;
  }
}
