package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl leader}: the cluster's Raft leader (election scopes are {@code meshctl leaders}). */
@Command(name = "leader", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"The cluster's own Raft leader: the member that orders every write. (Leaders of your "
        + "application's election scopes are `meshctl leaders`.)"},
    subcommands = {LeaderTransferCommand.class},
    footer = {"", "Examples:",
        "  meshctl leader transfer",
        "  meshctl leader transfer --to n2"})
final class LeaderCommand extends CommandGroup {}
