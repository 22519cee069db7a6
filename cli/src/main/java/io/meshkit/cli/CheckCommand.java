package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl check}: consistency checks across the members. */
@Command(name = "check", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = "Consistency checks across the members of the cluster.",
    subcommands = {CheckHashCommand.class},
    footer = {"", "Examples:",
        "  meshctl check hash",
        "  meshctl check hash -o json"})
final class CheckCommand extends CommandGroup {}
