package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl leaders}: leader elections and their fencing tokens. */
@Command(name = "leaders", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Leader elections, one per scope. The leader is the live candidate that campaigned first; "
        + "each candidacy is attached to a lease and ends with it.",
        "The fencing token is the revision at which the current leader took office: it only grows. Writes "
            + "with --fence SCOPE:TOKEN (kv put|del|txn) fail with FENCED once TOKEN is not current."},
    subcommands = {LeadersListCommand.class, LeadersGetCommand.class, LeadersWatchCommand.class,
        LeadersCampaignCommand.class, LeadersResignCommand.class},
    footer = {"", "Examples:",
        "  meshctl leaders list",
        "  meshctl leaders campaign rebalancer node-1 10.0.0.1:7001",
        "  meshctl leaders watch rebalancer -o json"})
final class LeadersCommand extends CommandGroup {}
