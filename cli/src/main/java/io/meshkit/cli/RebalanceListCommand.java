package io.meshkit.cli;

import io.meshkit.proto.v1.ListRebalancePlansRequest;
import io.meshkit.proto.v1.ListRebalancePlansResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meshctl shards rebalance list [NAMESPACE]}. */
@Command(name = "list", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Lists each namespace's rebalance state (steady, investigating, draining, plan-pending, "
        + "approved, executing, completed, failed, cancelled; its active and last plan, cooldown and note) and "
        + "the plans, newest first."},
    footer = {"", "Examples:", "  meshctl shards rebalance list", "  meshctl shards rebalance list orders -o json"})
final class RebalanceListCommand extends ClientCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "NAMESPACE", description = "Only this namespace.")
  String namespace = "";

  @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "Plans to list (at most 500).")
  int limit;

  @Mixin
  ReadOptions read;

  @Override
  void validate(CliContext context) {
    if (limit < 1) {
      throw new UsageException("--limit must be at least 1, got " + limit);
    }
  }

  @Override
  int run(Session session) {
    ListRebalancePlansResponse response = session.client().rebalance().list(ListRebalancePlansRequest.newBuilder()
        .setNamespace(namespace).setLimit(limit).setSerializable(read.serializable).build());
    RebalanceViews.PlanList list = new RebalanceViews.PlanList(Views.Header.of(response.getHeader()),
        response.getNamespacesList().stream().map(RebalanceViews.NamespaceState::of).toList(),
        response.getPlansList().stream().map(RebalanceViews.Plan::of).toList());
    session.output().print(list, out -> RebalanceText.list(out, list));
    return ExitCodes.OK;
  }
}
