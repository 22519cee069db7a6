package io.meshkit.cli;

import io.meshkit.proto.v1.RebalancePlanActionRequest;
import io.meshkit.proto.v1.RebalancePlanActionResponse;
import picocli.CommandLine.Command;

/** {@code meshctl shards rebalance approve NAMESPACE [--plan ID]}. */
@Command(name = "approve", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Approves the namespace's pending plan (or --plan ID); the controller starts executing it within a second. Refused in a dry-run namespace."},
    footer = {"", "Examples:",
        "  meshctl shards rebalance approve orders --reason reviewed --ticket OPS-7",
        "  meshctl shards rebalance approve orders --plan 4211 -o json"})
final class RebalanceApproveCommand extends PlanAction {
  @Override
  RebalancePlanActionResponse act(Session session, RebalancePlanActionRequest request) {
    return session.client().rebalance().approve(request);
  }
}
