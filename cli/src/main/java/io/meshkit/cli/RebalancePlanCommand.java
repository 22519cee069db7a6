package io.meshkit.cli;

import io.meshkit.proto.v1.PlanRebalanceRequest;
import io.meshkit.proto.v1.PlanRebalanceResponse;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meshctl shards rebalance plan NAMESPACE}. */
@Command(name = "plan", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Plans NAMESPACE now from a linearizable registry snapshot and the answering member's gossip "
        + "view, and shows the moves (shard, kind, from, to, wave, reason) and the imbalance before -> after. "
        + "By default a dry run: nothing is stored.",
        "--submit stores the plan pending approval; --approve stores it approved, and the controller executes "
            + "it. A refusal names what blocked: another active plan, the cooldown (and when it ends), a "
            + "dry-run namespace, a registry that changed since planning."},
    footer = {"", "Examples:",
        "  meshctl shards rebalance plan orders",
        "  meshctl shards rebalance plan orders --evacuate n3          # as if n3 were draining",
        "  meshctl shards rebalance plan orders --submit --reason 'empty n3' --ticket OPS-7",
        "  meshctl shards rebalance plan orders -o json | jq '.plan.moves | length'"})
final class RebalancePlanCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "NAMESPACE", description = "The namespace to plan.")
  String namespace;

  @Option(names = "--evacuate", paramLabel = "NODE", split = ",",
      description = "Plan as if these nodes were draining (their state is not changed).")
  List<String> evacuate = new ArrayList<>();

  @Option(names = "--submit", description = "Store the plan, pending approval.")
  boolean submit;

  @Option(names = "--approve", description = "Store the plan approved (implies --submit).")
  boolean approve;

  @Option(names = "--ignore-cooldown", description = "Store it even while the namespace cools down after its last plan.")
  boolean ignoreCooldown;

  @Mixin
  AuditOptions audit;

  @Override
  void validate(CliContext context) {
    LeadersGetCommand.requireName("NAMESPACE", namespace);
    evacuate.forEach(n -> LeadersGetCommand.requireName("--evacuate", n));
  }

  @Override
  boolean writes() {
    return submit || approve;
  }

  @Override
  int run(Session session) {
    boolean store = submit || approve;
    PlanRebalanceResponse response = session.client().rebalance().plan(PlanRebalanceRequest.newBuilder()
        .setNamespace(namespace).addAllEvacuate(evacuate).setDryRun(!store).setApprove(approve)
        .setIgnoreCooldown(ignoreCooldown).setChange(audit.change(session.context().env()))
        .build());
    RebalanceViews.PlanResult result = new RebalanceViews.PlanResult(Views.Header.of(response.getHeader()),
        response.getDryRun(), response.getEmpty(), RebalanceViews.Plan.of(response.getPlan()));
    session.output().print(result, out -> {
      if (result.empty()) {
        out.println("nothing to do in " + namespace + ": " + result.plan().summary());
      } else {
        RebalanceText.plan(out, result.plan(), result.dryRun());
        if (result.dryRun()) {
          out.println("store it with --submit (pending approval) or --approve");
        }
      }
    });
    return ExitCodes.OK;
  }
}
