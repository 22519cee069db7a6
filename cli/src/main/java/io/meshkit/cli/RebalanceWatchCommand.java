package io.meshkit.cli;

import io.meshkit.proto.v1.GetRebalancePlanRequest;
import io.meshkit.proto.v1.RebalancePlan;
import io.meshkit.proto.v1.RebalanceState;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code meshctl shards rebalance watch NAMESPACE [--plan ID]}. */
@Command(name = "watch", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Follows a plan until it ends: one line per move step (time, move, shard, from -> to, step), "
        + "then the outcome. Reads the plan every --interval from any member, so it rides out a member or "
        + "controller failover. Exit 0 when the plan completed, 1 when it failed or was cancelled."},
    footer = {"", "Examples:",
        "  meshctl shards rebalance watch orders",
        "  meshctl shards rebalance watch orders --plan 4211 -o json   # one JSON plan per change"})
final class RebalanceWatchCommand extends ClientCommand {
  @Mixin
  PlanReference ref;

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "500ms", converter = DurationConverter.class,
      description = "How often to read the plan (e.g. 500ms, 2s).")
  Duration interval;

  @Override
  void validate(CliContext context) {
    ref.validate();
    if (interval.isZero() || interval.isNegative()) {
      throw new UsageException("--interval must be positive");
    }
  }

  @Override
  int run(Session session) throws InterruptedException {
    long planId = ref.plan;
    RebalancePlan last = null;
    while (true) {
      RebalancePlan plan = session.client().rebalance().get(GetRebalancePlanRequest.newBuilder()
          .setNamespace(ref.namespace).setPlanId(planId).build()).getPlan();
      planId = plan.getId();
      if (last == null || plan.getModRevision() != last.getModRevision()) {
        print(session, last, plan);
        last = plan;
      }
      if (isEnded(plan.getState())) {
        return plan.getState() == RebalanceState.REBALANCE_COMPLETED ? ExitCodes.OK : ExitCodes.REFUSED;
      }
      Thread.sleep(interval.toMillis());
    }
  }

  private static void print(Session session, RebalancePlan before, RebalancePlan now) {
    RebalanceViews.Plan view = RebalanceViews.Plan.of(now);
    session.output().printStreamed(view, out -> {
      if (before == null || before.getState() != now.getState()) {
        out.println("plan " + view.id() + " of " + view.namespace() + ": " + view.state() + " — " + view.summary());
      }
      for (int i = 0; i < now.getMovesCount(); i++) {
        if (before == null ? now.getMoves(i).getHistoryCount() > 0
            : before.getMoves(i).getStep() != now.getMoves(i).getStep()) {
          out.println(RebalanceText.progress(view, i));
        }
      }
      if (isEnded(now.getState())) {
        out.println("plan " + view.id() + " " + view.state() + ": " + view.outcome());
      }
    });
  }

  private static boolean isEnded(RebalanceState s) {
    return s == RebalanceState.REBALANCE_COMPLETED || s == RebalanceState.REBALANCE_FAILED
        || s == RebalanceState.REBALANCE_CANCELLED;
  }
}
