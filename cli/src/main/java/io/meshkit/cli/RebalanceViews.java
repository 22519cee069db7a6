package io.meshkit.cli;

import io.meshkit.proto.v1.MoveProgress;
import io.meshkit.proto.v1.NamespaceRebalance;
import io.meshkit.proto.v1.RebalanceMove;
import io.meshkit.proto.v1.RebalancePlan;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Rebalance plans as meshctl prints them in JSON and YAML: lower-case names, ISO times. */
final class RebalanceViews {
  private RebalanceViews() {}

  static String word(Enum<?> e, String prefix) {
    return e.name().replace(prefix, "").toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static String time(long unixMs) {
    return unixMs == 0 ? null : Instant.ofEpochMilli(unixMs).toString();
  }

  record Step(String step, long revision, String time) {
    static Step of(MoveProgress p) {
      return new Step(word(p.getStep(), "MOVE_"), p.getRevision(), RebalanceViews.time(p.getTimeUnixMs()));
    }
  }

  record Move(int shard, String kind, String from, String to, long expectedEpoch, int wave, String step,
      String reason, String failure, List<Step> history, List<String> replicasBefore, List<String> replicasAfter) {
    static Move of(RebalanceMove m) {
      return new Move(m.getShardId(), word(m.getKind(), "MOVE_"), m.getFrom(), m.getTo(), m.getExpectedEpoch(),
          m.getWave(), word(m.getStep(), "MOVE_"), m.getReason(), m.getFailure().isEmpty() ? null : m.getFailure(),
          m.getHistoryList().stream().map(Step::of).toList(),
          m.hasBefore() ? m.getBefore().getReplicasList() : null, m.hasAfter() ? m.getAfter().getReplicasList() : null);
    }
  }

  record Plan(long id, String namespace, String state, String summary, String trigger, String actor, String reason,
      String changeTicket, String approvedBy, String created, String approved, String started, String finished,
      String outcome, double imbalanceBefore, double imbalanceAfter, long plannedRevision, Long rollbackOf,
      int movesDone, int movesFailed, List<Move> moves) {
    static Plan of(RebalancePlan p) {
      return new Plan(p.getId(), p.getNamespace(), word(p.getState(), "REBALANCE_"), p.getSummary(), p.getTrigger(),
          p.getChange().getActor(), p.getChange().getReason(), p.getChange().getChangeTicket(),
          p.getApprovedBy().isEmpty() ? null : p.getApprovedBy(), time(p.getCreatedUnixMs()),
          time(p.getApprovedUnixMs()), time(p.getStartedUnixMs()), time(p.getFinishedUnixMs()),
          p.getOutcome().isEmpty() ? null : p.getOutcome(), p.getImbalanceBefore(), p.getImbalanceAfter(),
          p.getPlannedRevision(), p.getRollbackOf() == 0 ? null : p.getRollbackOf(), count(p, "done"),
          count(p, "failed"), p.getMovesList().stream().map(Move::of).toList());
    }

    private static int count(RebalancePlan p, String step) {
      return (int) p.getMovesList().stream().filter(m -> word(m.getStep(), "MOVE_").equals(step)).count();
    }
  }

  record NamespaceState(String namespace, String state, long activePlan, long lastPlan, String cooldownUntil,
      String note) {
    static NamespaceState of(NamespaceRebalance n) {
      return new NamespaceState(n.getNamespace(), word(n.getState(), "REBALANCE_"), n.getActivePlan(),
          n.getLastPlan(), time(n.getCooldownUntilUnixMs()), n.getNote());
    }
  }

  record PlanResult(Views.Header header, boolean dryRun, boolean empty, Plan plan) {}

  record PlanDetail(Views.Header header, Plan plan, NamespaceState namespace) {}

  record PlanList(Views.Header header, List<NamespaceState> namespaces, List<Plan> plans) {}
}
