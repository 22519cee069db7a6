package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl ns}: the registry's namespaces. */
@Command(name = "ns", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Namespaces of the shard registry. A namespace fixes how keys map to shards (rendezvous, ring "
        + "or key ranges), how many shards and replicas it has, where replicas may go and what the rebalancer "
        + "may do.",
        "Create the namespace, register nodes ('meshctl nodes register'), then create its shards ('meshctl shards "
            + "create'); the mapping is fixed from then on. Changes are recorded in the audit trail "
            + "('meshctl audit list')."},
    subcommands = {NsCreateCommand.class, NsGetCommand.class, NsListCommand.class, NsUpdateCommand.class,
        NsDeleteCommand.class},
    footer = {"", "Examples:",
        "  meshctl ns create orders --shards 64 --replicas 3 --strategy rendezvous",
        "  meshctl ns update orders --max-concurrent-moves 4 --reason 'faster drain'",
        "  meshctl ns list -o json"})
final class NamespacesCommand extends CommandGroup {}
