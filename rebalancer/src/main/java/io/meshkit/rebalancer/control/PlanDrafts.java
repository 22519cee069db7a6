package io.meshkit.rebalancer.control;

import io.meshkit.proto.v1.ChangeInfo;
import io.meshkit.proto.v1.MoveKind;
import io.meshkit.proto.v1.MoveStep;
import io.meshkit.proto.v1.RebalanceMove;
import io.meshkit.proto.v1.RebalancePlan;
import io.meshkit.proto.v1.Shard;
import io.meshkit.rebalancer.plan.Move;
import io.meshkit.rebalancer.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plans as the state machine stores them: the planner's output turned into an unsubmitted
 * {@link RebalancePlan}, and the inverse of an ended plan (its rollback).
 */
public final class PlanDrafts {
  private PlanDrafts() {}

  /** The planner's plan as a draft (id 0, not stored). */
  public static RebalancePlan draft(Plan plan, ChangeInfo change, String trigger) {
    RebalancePlan.Builder b = RebalancePlan.newBuilder().setNamespace(plan.namespace())
        .setPlannedRevision(plan.revision()).setSummary(summary(plan)).setScoreBefore(plan.scoreBefore())
        .setScoreAfter(plan.scoreAfter()).setImbalanceBefore(plan.imbalanceBefore())
        .setImbalanceAfter(plan.imbalanceAfter()).setChange(change).setTrigger(trigger);
    for (Move m : plan.moves()) {
      b.addMoves(RebalanceMove.newBuilder().setShardId(m.shardId()).setKind(kind(m.kind())).setFrom(m.from())
          .setTo(m.to()).setExpectedEpoch(m.expectedEpoch()).setWave(m.wave()).setReason(m.reason())
          .setScoreBefore(m.scoreBefore()).setScoreAfter(m.scoreAfter()));
    }
    return b.build();
  }

  /**
   * Undoes the done moves of {@code ended}, newest first, one per wave of {@code concurrency}: each
   * goes back from its `to` to its `from` with the same kind (a promote is undone by promoting the
   * old owner back), expecting the shard's current epoch. A shard changed since by anything else than
   * this plan (its owner or replicas no longer as the move left them) is left alone and named in
   * the summary.
   */
  public static RebalancePlan inverse(RebalancePlan ended, Map<Integer, Shard> current, long revision,
      ChangeInfo change, int concurrency) {
    List<RebalanceMove> moves = new ArrayList<>();
    List<Integer> skipped = new ArrayList<>();
    List<RebalanceMove> done = new ArrayList<>(ended.getMovesList().stream()
        .filter(m -> m.getStep() == MoveStep.MOVE_DONE).toList());
    java.util.Collections.reverse(done);
    for (RebalanceMove m : done) {
      Shard now = current.get(m.getShardId());
      if (now == null || !now.getReplicasList().equals(m.getAfter().getReplicasList())) {
        skipped.add(m.getShardId());
        continue;
      }
      moves.add(RebalanceMove.newBuilder().setShardId(m.getShardId()).setKind(m.getKind()).setFrom(m.getTo())
          .setTo(m.getFrom()).setExpectedEpoch(now.getEpoch()).setWave(moves.size() / Math.max(1, concurrency))
          .setReason("roll back plan " + ended.getId() + ": " + m.getReason()).build());
    }
    String summary = "roll back plan " + ended.getId() + ": " + moves.size() + " moves"
        + (skipped.isEmpty() ? "" : "; shards changed since, left alone: " + skipped);
    return RebalancePlan.newBuilder().setNamespace(ended.getNamespace()).setPlannedRevision(revision)
        .setSummary(summary).setChange(change).setTrigger("rollback").setRollbackOf(ended.getId())
        .addAllMoves(moves).build();
  }

  private static String summary(Plan plan) {
    if (plan.isEmpty()) {
      return plan.reason();
    }
    long evacuations = plan.moves().stream().filter(m -> !m.reason().startsWith("balance")).count();
    return plan.moves().size() + " moves in " + (plan.moves().get(plan.moves().size() - 1).wave() + 1) + " waves"
        + (evacuations > 0 ? " (" + evacuations + " evacuating)" : "") + "; imbalance "
        + String.format(java.util.Locale.ROOT, "%.2f -> %.2f", plan.imbalanceBefore(), plan.imbalanceAfter());
  }

  private static MoveKind kind(Move.Kind kind) {
    return switch (kind) {
      case OWNER -> MoveKind.MOVE_OWNER;
      case PROMOTE -> MoveKind.MOVE_PROMOTE;
      case REPLICA -> MoveKind.MOVE_REPLICA;
    };
  }
}
