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

  /** The plan's state when it changed, and every step taken since {@code before}, oldest first. */
  private static void print(Session session, RebalancePlan before, RebalancePlan now) {
    RebalanceViews.Plan view = RebalanceViews.Plan.of(now);
    session.output().printStreamed(view, out -> {
      if ((before == null || before.getState() != now.getState()) && !isEnded(now.getState())) {
        out.println("plan " + view.id() + " of " + view.namespace() + ": " + view.state() + " — " + view.summary());
      }
      record Line(long revision, String text) {}
      java.util.List<Line> lines = new java.util.ArrayList<>();
      for (int i = 0; i < now.getMovesCount(); i++) {
        int seen = before == null ? 0 : before.getMoves(i).getHistoryCount();
        java.util.List<RebalanceViews.Step> history = view.moves().get(i).history();
        for (int h = seen; h < history.size(); h++) {
          lines.add(new Line(history.get(h).revision(), RebalanceText.progress(view, i, history.get(h))));
        }
      }
      lines.stream().sorted(java.util.Comparator.comparingLong(Line::revision)).forEach(l -> out.println(l.text()));
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
