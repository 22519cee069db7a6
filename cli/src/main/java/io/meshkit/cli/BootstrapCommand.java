package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl bootstrap}: join tokens, and joining a new machine with one. */
@Command(name = "bootstrap", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Join tokens and joins. An administrator issues a token (scoped to a role, expiring, good for "
        + "N joins); the new member or relay runs 'bootstrap join' with it and receives a certificate signed by the "
        + "cluster CA, the CA bundle, the member list and the gossip key.",
        "The token pins the cluster CA: join refuses, before sending the token, a server whose CA does not match "
            + "(docs/security.md, 'Bootstrap and join')."},
    subcommands = {BootstrapIssueCommand.class, BootstrapListCommand.class, BootstrapRevokeCommand.class,
        BootstrapJoinCommand.class},
    footer = {"", "Examples:",
        "  meshctl bootstrap issue --role member --ttl 30m",
        "  meshctl bootstrap issue --role relay --uses 5 --ttl 24h -o json | jq -r .token",
        "  meshctl bootstrap list",
        "  meshctl bootstrap revoke k3v9x2m1qa",
        "  meshctl bootstrap join --join-token mkjoin.... --endpoint 10.0.0.1:7401 --name n4 --san IP:10.0.0.4 --out /etc/meshkit/tls"})
final class BootstrapCommand extends CommandGroup {}
