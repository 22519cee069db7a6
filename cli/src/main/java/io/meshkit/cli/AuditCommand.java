package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl audit}: the registry's audit trail. */
@Command(name = "audit", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"The audit trail of the shard registry: every applied change with its revision, time, actor, "
        + "action, reason, ticket and before → after per target. Written in the same step as the change."},
    subcommands = {AuditListCommand.class},
    footer = {"", "Examples:",
        "  meshctl audit list --target shard/orders/",
        "  meshctl audit list --from-revision 120 -o json"})
final class AuditCommand extends CommandGroup {}
