package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl peers list}: one member's gossip view. */
@Command(name = "list", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Lists the members the answering member's gossip knows: ID, STATUS (alive, suspect, dead, "
        + "left), INCARNATION, RTT (smoothed probe round trip, - before the first probe and for the member "
        + "itself), ZONE (metadata zone), gossip ADDRESS, STATUS AGE (how long it has had that status) and "
        + "METADATA AGE (how long since its metadata last changed).",
        "The first line says whose view it is. -o json gives {member_id, peers: [{id, address, status, "
            + "incarnation, rtt_ms, smoothed_rtt_ms, metadata, metadata_version, status_age_ms, metadata_age_ms}]}."},
    footer = {"", "Examples:",
        "  meshctl peers list",
        "  meshctl --endpoints 127.0.0.1:7003 peers list      # n3's view",
        "  meshctl peers list -o json | jq -r '.peers[] | select(.status != \"alive\") | .id'"})
final class PeersListCommand extends ClientCommand {
  @Override
  int run(Session session) {
    PeerViews.PeerList result = PeerViews.PeerList.of(session.client().membership().listPeers());
    session.output().print(result, out -> PeerText.peers(out, result));
    return ExitCodes.OK;
  }
}
