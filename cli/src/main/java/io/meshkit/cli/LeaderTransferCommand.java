package io.meshkit.cli;

import io.meshkit.proto.v1.TransferLeadershipResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meshctl leader transfer}. */
@Command(name = "transfer", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Hands Raft leadership to another voter, e.g. before restarting the leader's machine. Without "
        + "--to, the most caught-up other voter takes over. Refused, with the reason, when the target is a "
        + "listener, unreachable or behind."},
    footer = {"", "Examples:",
        "  meshctl leader transfer",
        "  meshctl leader transfer --to n2 -o json"})
final class LeaderTransferCommand extends ClientCommand {
  @Option(names = "--to", paramLabel = "ID", defaultValue = "", description = "The voter to lead.")
  String to;

  /** {@code -o json|yaml}. */
  record Transfer(String previousLeader, String leader) {}

  @Override
  int run(Session session) {
    TransferLeadershipResponse r = session.client().members().transferLeadership(to);
    Transfer transfer = new Transfer(r.getPreviousLeaderId(), r.getLeaderId());
    session.output().print(transfer, out -> out.println(transfer.previousLeader().equals(transfer.leader())
        ? transfer.leader() + " already leads" : "leadership moved from " + transfer.previousLeader() + " to "
        + transfer.leader()));
    return ExitCodes.OK;
  }
}
