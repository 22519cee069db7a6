package io.meshkit.jepsen.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.jepsen.Verdict;
import io.meshkit.proto.v1.AuditChange;
import io.meshkit.proto.v1.AuditRecord;
import io.meshkit.proto.v1.MoveKind;
import io.meshkit.proto.v1.MoveProgress;
import io.meshkit.proto.v1.MoveStep;
import io.meshkit.proto.v1.RebalanceMove;
import io.meshkit.proto.v1.RebalancePlan;
import io.meshkit.proto.v1.RebalanceState;
import io.meshkit.proto.v1.RegistryObject;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.ShardStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The controller check catches lost and phantom steps, epochs that do not follow owners, stuck plans. */
class RebalanceAuditCheckTest {
  private static final String NS = "ns";

  private static Shard shard(String owner, long epoch, ShardStatus status, String... replicas) {
    return Shard.newBuilder().setNamespace(NS).setShardId(0).setOwner(owner).addAllReplicas(List.of(replicas))
        .setEpoch(epoch).setStatus(status).build();
  }

  private static AuditRecord change(long revision, Shard before, Shard after) {
    return AuditRecord.newBuilder().setRevision(revision).setActor("meshkit/rebalancer")
        .setReason("rebalance plan 10 move 0 step").addChanges(AuditChange.newBuilder().setTarget("shard/ns/0")
            .setBefore(RegistryObject.newBuilder().setShard(before)).setAfter(RegistryObject.newBuilder()
                .setShard(after))).build();
  }

  /** A PROMOTE of shard 0 from a to b: mark (11), switch (12), done (13). */
  private static List<AuditRecord> audit() {
    Shard s1 = shard("a", 1, ShardStatus.SHARD_ACTIVE, "a", "b");
    Shard s2 = shard("a", 1, ShardStatus.SHARD_MOVING, "a", "b");
    Shard s3 = shard("b", 2, ShardStatus.SHARD_MOVING, "b", "a");
    Shard s4 = shard("b", 2, ShardStatus.SHARD_ACTIVE, "b", "a");
    return List.of(change(11, s1, s2), change(12, s2, s3), change(13, s3, s4));
  }

  private static RebalancePlan plan(RebalanceState state, long... revisions) {
    RebalanceMove.Builder move = RebalanceMove.newBuilder().setShardId(0).setKind(MoveKind.MOVE_PROMOTE).setFrom("a")
        .setTo("b").setExpectedEpoch(1).setStep(MoveStep.MOVE_DONE);
    MoveStep[] steps = {MoveStep.MOVE_MARKED, MoveStep.MOVE_OWNER_SWITCHED, MoveStep.MOVE_DONE};
    for (int i = 0; i < revisions.length; i++) {
      move.addHistory(MoveProgress.newBuilder().setStep(steps[i]).setRevision(revisions[i]));
    }
    return RebalancePlan.newBuilder().setId(10).setNamespace(NS).setState(state).addMoves(move).build();
  }

  private static RebalanceAuditCheck.Result check(List<RebalancePlan> plans, List<AuditRecord> audit) {
    return new RebalanceAuditCheck().check(NS, plans, audit, List.of(shard("b", 2, ShardStatus.SHARD_ACTIVE, "b", "a")));
  }

  @Test
  void aPlanWhoseStepsAreAllInTheAuditTrailIsValid() {
    RebalanceAuditCheck.Result r = check(List.of(plan(RebalanceState.REBALANCE_COMPLETED, 11, 12, 13)), audit());
    assertEquals(Verdict.VALID, r.verdict(), r.anomalies().toString());
  }

  @Test
  void aStepWithoutItsRegistryChangeIsLost() {
    List<AuditRecord> audit = new ArrayList<>(audit());
    audit.remove(1);
    RebalanceAuditCheck.Result r = check(List.of(plan(RebalanceState.REBALANCE_COMPLETED, 11, 12, 13)), audit);
    assertEquals(Verdict.INVALID, r.verdict());
    assertTrue(r.anomalies().get(0).startsWith("no lost step"), r.anomalies().toString());
  }

  @Test
  void aControllerChangeNoPlanRecordsIsAPhantom() {
    RebalanceAuditCheck.Result r = check(List.of(plan(RebalanceState.REBALANCE_COMPLETED, 11, 13)), audit());
    assertEquals(Verdict.INVALID, r.verdict());
    assertTrue(r.anomalies().stream().anyMatch(a -> a.startsWith("no phantom step")), r.anomalies().toString());
  }

  @Test
  void anOwnerChangeWithoutAnEpochBumpIsCaughtAndAStuckPlanToo() {
    List<AuditRecord> audit = new ArrayList<>(audit());
    Shard before = shard("a", 1, ShardStatus.SHARD_MOVING, "a", "b");
    audit.set(1, change(12, before, shard("b", 1, ShardStatus.SHARD_MOVING, "b", "a")));
    RebalanceAuditCheck.Result r = check(List.of(plan(RebalanceState.REBALANCE_EXECUTING, 11, 12, 13)), audit);
    assertTrue(r.anomalies().stream().anyMatch(a -> a.startsWith("epochs only grow")), r.anomalies().toString());
    assertTrue(r.anomalies().stream().anyMatch(a -> a.startsWith("plans end")), r.anomalies().toString());
  }

  @Test
  void noMoveDoneIsUnknown() {
    assertEquals(Verdict.UNKNOWN, check(List.of(), List.of()).verdict());
  }
}
