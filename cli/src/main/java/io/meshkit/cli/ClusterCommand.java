package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl cluster}: the members and their health. */
@Command(name = "cluster", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = "Members of the cluster: their status and health.",
    subcommands = {ClusterStatusCommand.class, ClusterHealthCommand.class},
    footer = {"", "Examples:",
        "  meshctl cluster status",
        "  meshctl cluster health -o json"})
final class ClusterCommand extends CommandGroup {}
