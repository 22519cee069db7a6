package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl config}: configuration files checked against the cluster. */
@Command(name = "config", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = "Member and relay configuration files, checked by the cluster against its transport policy "
        + "(docs/security.md, 'Transport policy').",
    subcommands = {ConfigValidateCommand.class},
    footer = {"", "Examples:",
        "  meshctl config validate relay.yaml --kind relay",
        "  meshctl config validate node.yaml -o json"})
final class ConfigCommand extends CommandGroup {}
