package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl snapshot}: backups of the cluster's state. */
@Command(name = "snapshot", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Backups: save a consistent copy of a member's whole state to a file, check a saved file. "
        + "'bin/meshkit restore' seeds a new cluster from one (docs/operations.md, \"Backup, restore and "
        + "consistency\")."},
    subcommands = {SnapshotSaveCommand.class, SnapshotStatusCommand.class},
    footer = {"", "Examples:",
        "  meshctl snapshot save backup.snap",
        "  meshctl snapshot status backup.snap -o json"})
final class SnapshotCommand extends CommandGroup {}
