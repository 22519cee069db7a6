package io.meshkit.cli;

import io.meshkit.proto.v1.RebalancePlanActionRequest;
import io.meshkit.proto.v1.RebalancePlanActionResponse;
import picocli.CommandLine.Command;

/** {@code meshctl shards rebalance rollback NAMESPACE [--plan ID]}. */
@Command(name = "rollback", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Stores the inverse of an ended plan's done moves as a new, approved plan (newest first; a shard changed since by something else is left alone) and prints it."},
    footer = {"", "Examples:",
        "  meshctl shards rebalance rollback orders",
        "  meshctl shards rebalance rollback orders --plan 4211 --reason \"latency regressed\""})
final class RebalanceRollbackCommand extends PlanAction {
  @Override
  RebalancePlanActionResponse act(Session session, RebalancePlanActionRequest request) {
    return session.client().rebalance().rollback(request);
  }
}
