package io.meshkit.cli;

import io.meshkit.proto.v1.RebalancePlanActionRequest;
import io.meshkit.proto.v1.RebalancePlanActionResponse;
import picocli.CommandLine.Command;

/** {@code meshctl shards rebalance cancel NAMESPACE [--plan ID]}. */
@Command(name = "cancel", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Cancels the plan after the step in flight"},
    footer = {"", "Examples:",
        "  meshctl shards rebalance cancel orders --reason incident",
        "  meshctl shards rebalance cancel orders --plan 4211"})
final class RebalanceCancelCommand extends PlanAction {
  @Override
  RebalancePlanActionResponse act(Session session, RebalancePlanActionRequest request) {
    return session.client().rebalance().cancel(request);
  }
}
