package io.meshkit.cli;

import io.meshkit.proto.v1.Member;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meshctl member add}. */
@Command(name = "add", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Adds a member as a non-voting listener. Start it first, with initialClusterState: existing and "
        + "an initialCluster naming itself and the current members; the leader then sends it the log (or a "
        + "snapshot), and the change commits once it has caught up (this can take a while for a large state).",
        "Promote it with `meshctl member promote` when `member list` shows it caught up."},
    footer = {"", "Examples:",
        "  meshctl member add n4 --raft-address 10.0.0.4:7101 --client-address 10.0.0.4:7001",
        "  meshctl member add n4 --raft-address 10.0.0.4:7101 --client-address 10.0.0.4:7001 "
            + "--admin-address 10.0.0.4:7201 -o json"})
final class MemberAddCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The new member's id (its nodeId).")
  String id;

  @Option(names = "--raft-address", required = true, paramLabel = "HOST:PORT",
      description = "Its Raft transport address (raftAddress).")
  String raftAddress;

  @Option(names = "--client-address", required = true, paramLabel = "HOST:PORT",
      description = "Its client API address (clientAddress).")
  String clientAddress;

  @Option(names = "--admin-address", paramLabel = "HOST:PORT", defaultValue = "",
      description = "Its admin HTTP address (adminAddress), if it serves one.")
  String adminAddress;

  @Override
  int run(Session session) {
    return MemberViews.printChange(session, session.client().members().add(Member.newBuilder().setId(id)
        .setRaftAddress(raftAddress).setClientAddress(clientAddress).setAdminAddress(adminAddress).build()),
        "added " + id + " as a listener");
  }
}
