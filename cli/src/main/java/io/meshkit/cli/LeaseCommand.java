package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl lease}: leases, the TTLs keys and candidacies are attached to. */
@Command(name = "lease", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Leases: a TTL its holder keeps alive. Keys (kv put --lease) and election candidacies "
        + "attached to a lease are deleted when it is revoked or expires.",
        "TTLs are at least 1s; 10s is a good default (see docs/leases.md)."},
    subcommands = {LeaseGrantCommand.class, LeaseRevokeCommand.class, LeaseKeepAliveCommand.class,
        LeaseTtlCommand.class, LeaseListCommand.class},
    footer = {"", "Examples:",
        "  meshctl lease grant 10s",
        "  meshctl lease keep-alive 42",
        "  meshctl lease ttl 42 --keys"})
final class LeaseCommand extends CommandGroup {}
