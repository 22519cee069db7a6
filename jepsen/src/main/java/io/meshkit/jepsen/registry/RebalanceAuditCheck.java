package io.meshkit.jepsen.registry;

import io.meshkit.jepsen.Verdict;
import io.meshkit.proto.v1.AuditChange;
import io.meshkit.proto.v1.AuditRecord;
import io.meshkit.proto.v1.MoveProgress;
import io.meshkit.proto.v1.MoveStep;
import io.meshkit.proto.v1.RebalanceMove;
import io.meshkit.proto.v1.RebalancePlan;
import io.meshkit.proto.v1.RebalanceState;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.ShardStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks what the rebalance controller did, from what the cluster holds after the heal: the plans,
 * the audit trail of the namespace's shards and the shards themselves. Rules:
 * <ol>
 *   <li><b>no lost step</b>: every step a plan records (its revision) is a registry change at that
 *       revision in the audit trail, by the controller, for that plan and shard — a step and its
 *       registry mutation are one entry, so neither may survive without the other;</li>
 *   <li><b>no phantom step</b>: every change the controller made in the audit trail is a step some
 *       plan records;</li>
 *   <li><b>epochs only grow</b>: in the audit trail every shard's epoch never decreases, and grows
 *       by exactly one exactly when its owner changes;</li>
 *   <li><b>one valid owner</b>: every shard's owner is its first replica, replicas are distinct, and
 *       no shard is left moving once no plan is active;</li>
 *   <li><b>plans end</b>: after the heal and the workload's wait, no plan is still executing.</li>
 * </ol>
 * UNKNOWN when no plan ever finished a move: the run did not exercise the controller.
 */
public final class RebalanceAuditCheck {
  private static final String CONTROLLER = "meshkit/rebalancer";

  public record Result(Verdict verdict, List<String> anomalies, String describe) {}

  public Result check(String namespace, List<RebalancePlan> plans, List<AuditRecord> audit, List<Shard> shards) {
    List<String> anomalies = new ArrayList<>();
    Map<Long, AuditRecord> byRevision = new HashMap<>();
    for (AuditRecord r : audit) {
      byRevision.put(r.getRevision(), r);
    }
    Set<Long> recordedSteps = new HashSet<>();
    int movesDone = 0;
    int stepsChecked = 0;
    for (RebalancePlan plan : plans) {
      if (running(plan)) {
        anomalies.add("plans end: plan " + plan.getId() + " is still " + plan.getState() + " after the heal");
      }
      for (RebalanceMove move : plan.getMovesList()) {
        movesDone += move.getStep() == MoveStep.MOVE_DONE ? 1 : 0;
        for (MoveProgress step : move.getHistoryList()) {
          if (step.getStep() == MoveStep.MOVE_FAILED) {
            continue;  // a failed move may or may not have changed its shard (releasing the moving mark)
          }
          stepsChecked++;
          recordedSteps.add(step.getRevision());
          AuditRecord r = byRevision.get(step.getRevision());
          String target = "shard/" + namespace + "/" + move.getShardId();
          if (r == null || !r.getActor().equals(CONTROLLER) || !r.getReason().startsWith("rebalance plan "
              + plan.getId() + " ") || r.getChangesList().stream().noneMatch(c -> c.getTarget().equals(target))) {
            anomalies.add("no lost step: plan " + plan.getId() + " shard " + move.getShardId() + " step "
                + step.getStep() + " at revision " + step.getRevision() + " has no matching registry change"
                + (r == null ? "" : " (found " + r.getActor() + ": " + r.getReason() + ")"));
          }
        }
      }
    }
    for (AuditRecord r : audit) {
      if (r.getActor().equals(CONTROLLER) && !recordedSteps.contains(r.getRevision())) {
        // The one controller change no step records: releasing the moving mark of a move that failed or
        // was cancelled (moving -> active, replicas unchanged).
        boolean release = r.getChangesList().stream().allMatch(c -> c.hasAfter() && c.getAfter().hasShard()
            && c.getAfter().getShard().getStatus() == ShardStatus.SHARD_ACTIVE && c.hasBefore()
            && c.getBefore().getShard().getStatus() == ShardStatus.SHARD_MOVING
            && c.getBefore().getShard().getReplicasList().equals(c.getAfter().getShard().getReplicasList()));
        if (!release) {
          anomalies.add("no phantom step: the controller's change at revision " + r.getRevision() + " ("
              + r.getReason() + ") is no step of any plan");
        }
      }
    }
    epochsOnlyGrow(audit, anomalies);
    boolean active = plans.stream().anyMatch(RebalanceAuditCheck::running);
    for (Shard s : shards) {
      if (s.getReplicasCount() == 0 || !s.getReplicas(0).equals(s.getOwner())
          || Set.copyOf(s.getReplicasList()).size() != s.getReplicasCount()) {
        anomalies.add("one valid owner: shard " + s.getShardId() + " has owner " + s.getOwner() + " and replicas "
            + s.getReplicasList());
      }
      if (!active && s.getStatus() == ShardStatus.SHARD_MOVING) {
        anomalies.add("one valid owner: shard " + s.getShardId() + " is still moving with no plan active");
      }
    }
    Verdict verdict = !anomalies.isEmpty() ? Verdict.INVALID : movesDone == 0 ? Verdict.UNKNOWN : Verdict.VALID;
    return new Result(verdict, anomalies, plans.size() + " plans, " + movesDone + " moves done, " + stepsChecked
        + " steps matched against " + audit.size() + " audit records, " + shards.size() + " shards");
  }

  /** A plan the controller is still carrying out (approved or executing): after the heal, "plans end" says none is. */
  public static boolean running(RebalancePlan plan) {
    return plan.getState() == RebalanceState.REBALANCE_EXECUTING || plan.getState() == RebalanceState.REBALANCE_APPROVED;
  }

  private static void epochsOnlyGrow(List<AuditRecord> audit, List<String> anomalies) {
    for (AuditRecord r : audit) {
      for (AuditChange c : r.getChangesList()) {
        if (!c.hasBefore() || !c.hasAfter() || !c.getBefore().hasShard() || !c.getAfter().hasShard()) {
          continue;
        }
        Shard before = c.getBefore().getShard();
        Shard after = c.getAfter().getShard();
        boolean ownerChanged = !before.getOwner().equals(after.getOwner());
        long expected = before.getEpoch() + (ownerChanged ? 1 : 0);
        if (after.getEpoch() != expected) {
          anomalies.add("epochs only grow: " + c.getTarget() + " at revision " + r.getRevision() + " went from epoch "
              + before.getEpoch() + " (owner " + before.getOwner() + ") to " + after.getEpoch() + " (owner "
              + after.getOwner() + ")");
        }
      }
    }
  }
}
