package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl nodes}: the registry's nodes. */
@Command(name = "nodes", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Nodes of the shard registry: the machines that own shards, with their data-plane "
        + "endpoints, zone, labels and capacity weight.",
        "States: active (takes new shards), cordoned (keeps its shards, takes no new ones), draining (its "
            + "shards should move away), decommissioned (gone for good; only a node without shards)."},
    subcommands = {NodesRegisterCommand.class, NodesUpdateCommand.class, NodesListCommand.class,
        NodesGetCommand.class, NodesCordonCommand.class, NodesUncordonCommand.class, NodesDrainCommand.class,
        NodesDecommissionCommand.class},
    footer = {"", "Examples:",
        "  meshctl nodes register node-1 --endpoint 10.0.0.1:9000 --zone eu-1a",
        "  meshctl nodes cordon node-1 --reason 'kernel upgrade'",
        "  meshctl nodes list --state draining"})
final class NodesCommand extends CommandGroup {}
