package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl peers}: the gossip view of the members. */
@Command(name = "peers", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"The members as gossip (SWIM with Lifeguard) sees them: alive, suspect, dead or left, with "
        + "their incarnation, probe round trip and published metadata (zone, client and admin addresses).",
        "Liveness only, and per member: the answer is the view of the member that served it (named first), "
            + "and two members may disagree for a few protocol periods. Ask a particular member with "
            + "--endpoints HOST:PORT. A member without gossip answers FAILED_PRECONDITION (exit 1) with the fix."},
    subcommands = {PeersListCommand.class, PeersWatchCommand.class},
    footer = {"", "Examples:",
        "  meshctl peers list",
        "  meshctl --endpoints 127.0.0.1:7002 peers list -o json",
        "  meshctl peers watch"})
final class PeersCommand extends CommandGroup {}
