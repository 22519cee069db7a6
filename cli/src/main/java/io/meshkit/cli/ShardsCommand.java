package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl shards}: the registry's shards and their owners. */
@Command(name = "shards", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Shards of the registry's namespaces: which node owns each (replicas[0]) and which hold "
        + "replicas, the status, and the epoch, which grows by one on every change of owner.",
        "Changes name the epoch they expect (--expected-epoch, as 'shards get' shows it): if the owner changed "
            + "meanwhile the server answers CONFLICT and changes nothing. --dry-run shows before → after "
            + "without applying."},
    subcommands = {ShardsCreateCommand.class, ShardsListCommand.class, ShardsGetCommand.class,
        ShardsResolveCommand.class, ShardsAssignCommand.class, ShardsTransferCommand.class, ShardsStatusCommand.class,
        ShardsDiffCommand.class, ShardsWatchCommand.class, RebalanceCommand.class},
    footer = {"", "Examples:",
        "  meshctl shards create orders",
        "  meshctl shards resolve orders customer-42",
        "  meshctl shards transfer orders 7 --to node-2 --expected-epoch 3 --dry-run"})
final class ShardsCommand extends CommandGroup {}
