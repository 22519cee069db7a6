package io.meshkit.cli;

import io.meshkit.proto.v1.RebalancePlanActionRequest;
import io.meshkit.proto.v1.RebalancePlanActionResponse;
import picocli.CommandLine.Mixin;

/** approve, cancel and rollback: one plan, who asks and why; prints the plan as it is after. */
abstract class PlanAction extends ClientCommand {
  @Mixin
  PlanReference ref;

  @Mixin
  AuditOptions audit;

  abstract RebalancePlanActionResponse act(Session session, RebalancePlanActionRequest request);

  @Override
  void validate(CliContext context) {
    ref.validate();
  }

  @Override
  boolean writes() {
    return true;
  }

  @Override
  int run(Session session) {
    RebalancePlanActionResponse response = act(session, RebalancePlanActionRequest.newBuilder()
        .setNamespace(ref.namespace).setPlanId(ref.plan)
        .setChange(audit.change(session.context().env())).build());
    RebalanceViews.PlanDetail detail = new RebalanceViews.PlanDetail(Views.Header.of(response.getHeader()),
        RebalanceViews.Plan.of(response.getPlan()), null);
    session.output().print(detail, out -> RebalanceText.plan(out, detail.plan(), false));
    return ExitCodes.OK;
  }
}
