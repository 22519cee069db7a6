package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl shards rebalance}: health-aware rebalance plans. */
@Command(name = "rebalance", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Rebalance plans: the planner moves shards off draining, decommissioned and dead nodes and "
        + "evens out ownership by node capacity, latency, backpressure and errors, within the namespace's "
        + "policy (thresholds, moves per plan and at once, cooldown, mode dry-run|approval|auto).",
        "A stored plan waits for approval (or is approved at once in auto mode); the controller, on the member "
            + "leading election scope meshkit/rebalancer, then executes each move step by step (mark moving -> "
            + "add replica -> switch owner, epoch + 1 -> remove old -> active), every step a fenced registry "
            + "change recorded in the plan and the audit trail.",
        "Exit codes: 0 done; 1 refused (the message names the guardrail or state that blocked) or, for watch, "
            + "the plan ended failed or cancelled; 2 usage; 3 no member reachable."},
    subcommands = {RebalancePlanCommand.class, RebalanceApproveCommand.class, RebalanceCancelCommand.class,
        RebalanceRollbackCommand.class, RebalanceWatchCommand.class, RebalanceListCommand.class,
        RebalanceShowCommand.class},
    footer = {"", "Examples:",
        "  meshctl nodes drain n3 && meshctl shards rebalance plan orders",
        "  meshctl shards rebalance plan orders --submit --reason 'empty n3' --ticket OPS-7",
        "  meshctl shards rebalance approve orders && meshctl shards rebalance watch orders",
        "  meshctl shards rebalance rollback orders --plan 4211"})
final class RebalanceCommand extends CommandGroup {}
