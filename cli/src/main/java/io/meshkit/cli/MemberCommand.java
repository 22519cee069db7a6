package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl member}: the Raft configuration — who votes, who only listens. */
@Command(name = "member", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"The Raft configuration: voters (count toward quorums, may lead) and listeners (receive the "
        + "log and serve reads, never vote).",
        "To grow the cluster: start the new member with initialClusterState: existing, `member add` it (it joins "
            + "as a listener and catches up), then `member promote` it. Changes that would lose quorum are refused "
            + "with the reason (docs/operations.md, 'Membership changes')."},
    subcommands = {MemberListCommand.class, MemberAddCommand.class, MemberPromoteCommand.class,
        MemberRemoveCommand.class},
    footer = {"", "Examples:",
        "  meshctl member list",
        "  meshctl member add n4 --raft-address 10.0.0.4:7101 --client-address 10.0.0.4:7001",
        "  meshctl member promote n4"})
final class MemberCommand extends CommandGroup {}
