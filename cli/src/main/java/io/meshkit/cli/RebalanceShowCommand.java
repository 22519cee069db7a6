package io.meshkit.cli;

import io.meshkit.proto.v1.GetRebalancePlanRequest;
import io.meshkit.proto.v1.GetRebalancePlanResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code meshctl shards rebalance show NAMESPACE [--plan ID]}. */
@Command(name = "show", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Shows a plan with every move's step, and, in JSON, each step's revision and time and the "
        + "shard's replicas before and after: the plan's audit. Default: the namespace's active plan, else its last."},
    footer = {"", "Examples:",
        "  meshctl shards rebalance show orders",
        "  meshctl shards rebalance show orders --plan 4211 -o json | jq '.plan.moves[].history'"})
final class RebalanceShowCommand extends ClientCommand {
  @Mixin
  PlanReference ref;

  @Mixin
  ReadOptions read;

  @Override
  void validate(CliContext context) {
    ref.validate();
  }

  @Override
  int run(Session session) {
    GetRebalancePlanResponse response = session.client().rebalance().get(GetRebalancePlanRequest.newBuilder()
        .setNamespace(ref.namespace).setPlanId(ref.plan).setSerializable(read.serializable).build());
    RebalanceViews.PlanDetail detail = new RebalanceViews.PlanDetail(Views.Header.of(response.getHeader()),
        RebalanceViews.Plan.of(response.getPlan()), RebalanceViews.NamespaceState.of(response.getNamespace()));
    session.output().print(detail, out -> RebalanceText.plan(out, detail.plan(), false));
    return ExitCodes.OK;
  }
}
