package io.meshkit.cli;

import java.io.PrintWriter;
import java.util.Locale;

/** The table form of rebalance plans. */
final class RebalanceText {
  private RebalanceText() {}

  static void plan(PrintWriter out, RebalanceViews.Plan p, boolean dryRun) {
    out.println((dryRun ? "dry run of " + p.namespace() + " (nothing stored): "
        : "plan " + p.id() + " of " + p.namespace() + ": " + p.state() + " — ") + p.summary());
    if (p.id() != 0 || !dryRun) {
      out.printf(Locale.ROOT, "requested by %s (%s%s), trigger %s%s%n", p.actor(), p.reason().isEmpty() ? "no reason"
          : p.reason(), p.changeTicket().isEmpty() ? "" : ", ticket " + p.changeTicket(), p.trigger(),
          p.approvedBy() == null ? "" : "; approved by " + p.approvedBy());
    }
    out.printf(Locale.ROOT, "imbalance %.2f -> %.2f, planned at revision %d%s%n", p.imbalanceBefore(),
        p.imbalanceAfter(), p.plannedRevision(), p.rollbackOf() == null ? "" : ", rolls back plan " + p.rollbackOf());
    if (p.outcome() != null) {
      out.println("outcome: " + p.outcome() + " (finished " + p.finished() + ")");
    }
    if (p.moves().isEmpty()) {
      return;
    }
    TextTable table = new TextTable("#", "SHARD", "KIND", "FROM", "TO", "WAVE", "STEP", "REASON");
    for (int i = 0; i < p.moves().size(); i++) {
      RebalanceViews.Move m = p.moves().get(i);
      table.row(String.valueOf(i), String.valueOf(m.shard()), m.kind(), m.from(), m.to(), String.valueOf(m.wave()),
          m.step() + (m.failure() == null ? "" : ": " + m.failure()), m.reason());
    }
    table.print(out);
  }

  static void list(PrintWriter out, RebalanceViews.PlanList list) {
    if (!list.namespaces().isEmpty()) {
      TextTable states = new TextTable("NAMESPACE", "STATE", "ACTIVE", "LAST", "COOLDOWN UNTIL", "NOTE");
      for (RebalanceViews.NamespaceState n : list.namespaces()) {
        states.row(n.namespace(), n.state(), n.activePlan() == 0 ? "-" : String.valueOf(n.activePlan()),
            n.lastPlan() == 0 ? "-" : String.valueOf(n.lastPlan()), n.cooldownUntil() == null ? "-" : n.cooldownUntil(),
            n.note());
      }
      states.print(out);
      out.println();
    }
    TextTable plans = new TextTable("ID", "NAMESPACE", "STATE", "MOVES", "DONE", "FAILED", "TRIGGER", "CREATED",
        "OUTCOME");
    for (RebalanceViews.Plan p : list.plans()) {
      plans.row(String.valueOf(p.id()), p.namespace(), p.state(), String.valueOf(p.moves().size()),
          String.valueOf(p.movesDone()), String.valueOf(p.movesFailed()), p.trigger(), p.created(),
          p.outcome() == null ? "" : p.outcome());
    }
    plans.print(out);
  }

  /** One line of watch progress: move {@code index} reached {@code step}. */
  static String progress(RebalanceViews.Plan p, int index, RebalanceViews.Step step) {
    RebalanceViews.Move m = p.moves().get(index);
    boolean failed = step.step().equals("failed");
    return String.format(Locale.ROOT, "%s  plan %d move %d/%d  shard %d %s %s -> %s  %s%s", step.time(), p.id(),
        index + 1, p.moves().size(), m.shard(), m.kind(), m.from(), m.to(), step.step(),
        failed && m.failure() != null ? ": " + m.failure() : "");
  }
}
