package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl relay}: a relay's routing table and load, from its admin server. */
@Command(name = "relay", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"What a relay (bin/meshkit relay, docs/relay.md) routes by and how loaded it is: its routing "
        + "table with each shard's owner and endpoint, whether the table follows the cluster (stale, lag in "
        + "revisions), and the requests in flight and queued per backend.",
        "These commands ask the relay's admin HTTP server (--relay, the `admin:` address of relay.yaml), not the "
            + "cluster: --endpoints and the TLS options do not apply."},
    subcommands = {RelayRoutesCommand.class, RelayStatusCommand.class},
    footer = {"", "Examples:",
        "  meshctl relay status",
        "  meshctl relay routes --namespace users",
        "  MESHKIT_RELAY=10.0.0.5:8081 meshctl relay status -o json"})
final class RelayCommand extends CommandGroup {}
