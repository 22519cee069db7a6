package io.meshkit.rebalancer.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.proto.internal.v1.AdvanceRebalanceMoveCommand;
import io.meshkit.proto.internal.v1.ApproveRebalancePlanCommand;
import io.meshkit.proto.internal.v1.CancelRebalancePlanCommand;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.internal.v1.SubmitRebalancePlanCommand;
import io.meshkit.proto.v1.AuditRecord;
import io.meshkit.proto.v1.ChangeInfo;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.ListAuditRequest;
import io.meshkit.proto.v1.MoveKind;
import io.meshkit.proto.v1.MoveStep;
import io.meshkit.proto.v1.NamespacePolicy;
import io.meshkit.proto.v1.RebalanceMode;
import io.meshkit.proto.v1.RebalanceMove;
import io.meshkit.proto.v1.RebalancePlan;
import io.meshkit.proto.v1.RebalanceState;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.ShardStatus;
import io.meshkit.proto.v1.TransferShardRequest;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.rebalancer.control.PlanDrafts;
import io.meshkit.registry.shards.RegistryAccess;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plan lifecycle and move steps applied on a real store together with the registry. */
class RebalanceCommandHandlerTest {
  private static final String NS = "orders";
  private static final ChangeInfo ALICE = ChangeInfo.newBuilder().setActor("alice").setReason("drain n1")
      .setChangeTicket("CHG-7").build();

  @TempDir
  Path dir;
  private RebalanceApplyFixture f;

  @BeforeEach
  void open() throws CommandRejectedException {
    f = new RebalanceApplyFixture(dir);
    f.setup(NS, 3, 6, NamespacePolicy.newBuilder().setCooldownMs(5_000).build());
  }

  @AfterEach
  void close() {
    f.close();
  }

  /** An OWNER move of {@code shard} from its owner to {@code to}, in {@code wave}. */
  private RebalanceMove ownerMove(int shard, String to, int wave) {
    Shard s = f.shard(NS, shard);
    return RebalanceMove.newBuilder().setShardId(shard).setKind(MoveKind.MOVE_OWNER).setFrom(s.getOwner()).setTo(to)
        .setExpectedEpoch(s.getEpoch()).setWave(wave).setReason("test").build();
  }

  /** A shard not owned by {@code to}. */
  private int shardNotOn(String to) {
    for (int i = 0; ; i++) {
      if (!f.shard(NS, i).getOwner().equals(to)) {
        return i;
      }
    }
  }

  private Command submit(boolean approve, RebalanceMove... moves) {
    return Command.newBuilder().setSubmitRebalancePlan(SubmitRebalancePlanCommand.newBuilder().setApprove(approve)
        .setPlan(RebalancePlan.newBuilder().setNamespace(NS).setChange(ALICE).setTrigger("operator")
            .addAllMoves(List.of(moves)))).build();
  }

  private Command advance(long plan, int move, MoveStep step) {
    return Command.newBuilder().setFence(f.fence()).setAdvanceRebalanceMove(AdvanceRebalanceMoveCommand.newBuilder()
        .setNamespace(NS).setPlanId(plan).setMoveIndex(move).setStep(step)).build();
  }

  private Command approve(long plan) {
    return Command.newBuilder().setApproveRebalancePlan(ApproveRebalancePlanCommand.newBuilder().setNamespace(NS)
        .setPlanId(plan).setChange(ALICE)).build();
  }

  private RebalancePlan plan(CommandResult r) {
    return r.getRebalancePlan();
  }

  private RebalanceState nsState() {
    return f.read(v -> RebalanceStore.namespace(v, NS)).getState();
  }

  @Test
  void anOwnerMoveAddsTheNewHolderBeforeRemovingTheOldAndEndsThePlan() throws Exception {
    int id = shardNotOn("n3");
    Shard before = f.shard(NS, id);
    RebalancePlan pending = plan(f.ok(submit(false, ownerMove(id, "n3", 0))));
    assertEquals(RebalanceState.REBALANCE_PLAN_PENDING, pending.getState());
    assertEquals(RebalanceState.REBALANCE_PLAN_PENDING, nsState());
    assertEquals(before, pending.getMoves(0).getBefore());
    assertEquals(ErrorCode.FAILED_PRECONDITION, f.apply(advance(pending.getId(), 0, MoveStep.MOVE_MARKED)).getCode(),
        "a pending plan is not executed");
    RebalancePlan approved = plan(f.ok(approve(pending.getId())));
    assertEquals("alice", approved.getApprovedBy());

    f.ok(advance(pending.getId(), 0, MoveStep.MOVE_MARKED));
    assertEquals(ShardStatus.SHARD_MOVING, f.shard(NS, id).getStatus());
    assertEquals(RebalanceState.REBALANCE_EXECUTING, nsState());
    f.ok(advance(pending.getId(), 0, MoveStep.MOVE_REPLICA_ADDED));
    assertEquals(List.of(before.getOwner(), "n3"), f.shard(NS, id).getReplicasList());
    f.ok(advance(pending.getId(), 0, MoveStep.MOVE_OWNER_SWITCHED));
    assertEquals("n3", f.shard(NS, id).getOwner());
    assertEquals(before.getEpoch() + 1, f.shard(NS, id).getEpoch());
    f.ok(advance(pending.getId(), 0, MoveStep.MOVE_OLD_REMOVED));
    assertEquals(List.of("n3"), f.shard(NS, id).getReplicasList());
    RebalancePlan done = plan(f.ok(advance(pending.getId(), 0, MoveStep.MOVE_DONE)));

    assertEquals(ShardStatus.SHARD_ACTIVE, f.shard(NS, id).getStatus());
    assertEquals(RebalanceState.REBALANCE_COMPLETED, done.getState());
    assertEquals(RebalanceState.REBALANCE_COMPLETED, nsState());
    assertEquals(5, done.getMoves(0).getHistoryCount());
    assertEquals(f.shard(NS, id), done.getMoves(0).getAfter());
    assertTrue(f.read(v -> RebalanceStore.namespace(v, NS)).getCooldownUntilUnixMs() > done.getFinishedUnixMs());
    // Every step is in the registry's audit trail, by the controller, under the plan's ticket.
    List<AuditRecord> steps = f.read(v -> AuditPage.of(v, "shard/" + NS + "/" + id));
    assertEquals(5, steps.size());
    assertTrue(steps.stream().allMatch(a -> a.getActor().equals(RebalanceCommandHandler.CONTROLLER_SCOPE)
        && a.getChangeTicket().equals("CHG-7") && a.getReason().startsWith("rebalance plan " + done.getId())));
  }

  @Test
  void stepsGoInOrderAndARepeatedStepChangesNothing() throws Exception {
    int id = shardNotOn("n3");
    long plan = plan(f.ok(submit(true, ownerMove(id, "n3", 0)))).getId();
    CommandResult skipped = f.apply(advance(plan, 0, MoveStep.MOVE_OWNER_SWITCHED));
    assertEquals(ErrorCode.FAILED_PRECONDITION, skipped.getCode());
    assertTrue(skipped.getMessage().contains("next step is MOVE_MARKED"), skipped.getMessage());
    f.ok(advance(plan, 0, MoveStep.MOVE_MARKED));
    long revision = f.shard(NS, id).getModRevision();
    RebalancePlan again = plan(f.ok(advance(plan, 0, MoveStep.MOVE_MARKED)));
    assertEquals(MoveStep.MOVE_MARKED, again.getMoves(0).getStep());
    assertEquals(1, again.getMoves(0).getHistoryCount());
    assertEquals(revision, f.shard(NS, id).getModRevision(), "a new controller re-proposing a step changes nothing");
  }

  @Test
  void onlyTheControllersCurrentTokenTakesSteps() throws Exception {
    int id = shardNotOn("n3");
    long plan = plan(f.ok(submit(true, ownerMove(id, "n3", 0)))).getId();
    Command unfenced = advance(plan, 0, MoveStep.MOVE_MARKED).toBuilder().clearFence().build();
    CommandRejectedException refused = assertThrows(CommandRejectedException.class, () -> f.apply(unfenced));
    assertTrue(refused.getMessage().contains("only by the rebalance controller"));
    Command stale = advance(plan, 0, MoveStep.MOVE_MARKED);
    f.token = 8;  // a new controller took office
    assertEquals(ErrorCode.FENCED, f.apply(stale).getCode());
    assertEquals(ShardStatus.SHARD_ACTIVE, f.shard(NS, id).getStatus());
  }

  @Test
  void aShardChangedUnderThePlanFailsItsMoveAndStaysActiveWithItsOwner() throws Exception {
    int id = shardNotOn("n3");
    String other = f.shard(NS, id).getOwner().equals("n1") ? "n2" : "n1";
    long plan = plan(f.ok(submit(true, ownerMove(id, "n3", 0)))).getId();
    f.ok(advance(plan, 0, MoveStep.MOVE_MARKED));
    f.ok(Command.newBuilder().setTransferShard(TransferShardRequest.newBuilder().setNamespace(NS).setShardId(id)
        .setTo(other)).build());
    RebalancePlan failed = plan(f.ok(advance(plan, 0, MoveStep.MOVE_REPLICA_ADDED)));
    assertEquals(MoveStep.MOVE_FAILED, failed.getMoves(0).getStep());
    assertTrue(failed.getMoves(0).getFailure().contains("epoch"), failed.getMoves(0).getFailure());
    assertEquals(RebalanceState.REBALANCE_FAILED, failed.getState());
    assertEquals(ShardStatus.SHARD_ACTIVE, f.shard(NS, id).getStatus());
    assertEquals(other, f.shard(NS, id).getOwner());
  }

  @Test
  void cancelStopsBetweenStepsAndLeavesEveryShardActiveWithAValidOwner() throws Exception {
    int a = shardNotOn("n3");
    long plan = plan(f.ok(submit(true, ownerMove(a, "n3", 0)))).getId();
    f.ok(advance(plan, 0, MoveStep.MOVE_MARKED));
    f.ok(advance(plan, 0, MoveStep.MOVE_REPLICA_ADDED));
    RebalancePlan cancelled = plan(f.ok(Command.newBuilder().setCancelRebalancePlan(CancelRebalancePlanCommand
        .newBuilder().setNamespace(NS).setPlanId(plan).setChange(ALICE)).build()));
    assertEquals(RebalanceState.REBALANCE_CANCELLED, cancelled.getState());
    assertTrue(cancelled.getOutcome().startsWith("cancelled by alice"));
    Shard s = f.shard(NS, a);
    assertEquals(ShardStatus.SHARD_ACTIVE, s.getStatus());
    assertEquals(s.getReplicas(0), s.getOwner());
    assertEquals(ErrorCode.FAILED_PRECONDITION, f.apply(advance(plan, 0, MoveStep.MOVE_OWNER_SWITCHED)).getCode());
    assertEquals(ErrorCode.FAILED_PRECONDITION, f.apply(approve(plan)).getCode(), "an ended plan is not approved");
  }

  @Test
  void oneActivePlanPerNamespaceAndACooldownAfterIt() throws Exception {
    int a = shardNotOn("n3");
    long plan = plan(f.ok(submit(false, ownerMove(a, "n3", 0)))).getId();
    CommandResult second = f.apply(submit(false, ownerMove(shardNotOn("n2"), "n2", 0)));
    assertEquals(ErrorCode.FAILED_PRECONDITION, second.getCode());
    assertTrue(second.getMessage().contains("already has plan " + plan), second.getMessage());
    f.ok(Command.newBuilder().setCancelRebalancePlan(CancelRebalancePlanCommand.newBuilder().setNamespace(NS)
        .setPlanId(plan)).build());
    CommandResult cooling = f.apply(submit(false, ownerMove(a, "n3", 0)));
    assertEquals(ErrorCode.FAILED_PRECONDITION, cooling.getCode());
    assertTrue(cooling.getMessage().startsWith("guardrail cooldown"), cooling.getMessage());
    Command ignoring = submit(false, ownerMove(a, "n3", 0));
    ignoring = ignoring.toBuilder().setSubmitRebalancePlan(ignoring.getSubmitRebalancePlan().toBuilder()
        .setIgnoreCooldown(true)).build();
    f.ok(ignoring);
    assertEquals(RebalanceState.REBALANCE_PLAN_PENDING, nsState());
  }

  @Test
  void aStalePlanIsRefusedAndWavesRunInOrder() throws Exception {
    int a = shardNotOn("n3");
    RebalanceMove stale = ownerMove(a, "n3", 0).toBuilder().setExpectedEpoch(99).build();
    assertEquals(ErrorCode.CONFLICT, f.apply(submit(false, stale)).getCode());
    int b = -1;
    for (int i = 0; i < 6; i++) {
      if (i != a && !f.shard(NS, i).getOwner().equals("n3")) {
        b = i;
        break;
      }
    }
    long plan = plan(f.ok(submit(true, ownerMove(a, "n3", 0), ownerMove(b, "n3", 1)))).getId();
    CommandResult early = f.apply(advance(plan, 1, MoveStep.MOVE_MARKED));
    assertEquals(ErrorCode.FAILED_PRECONDITION, early.getCode());
    assertTrue(early.getMessage().contains("waves run in order"), early.getMessage());
  }

  @Test
  void dryRunNamespacesNeverExecute() throws Exception {
    f.ok(Command.newBuilder().setUpdateNamespace(io.meshkit.proto.v1.UpdateNamespaceRequest.newBuilder()
        .setNamespace(f.read(v -> RegistryAccess.namespace(v, NS)).orElseThrow().toBuilder()
            .setPolicy(NamespacePolicy.newBuilder().setMode(RebalanceMode.REBALANCE_DRY_RUN)))).build());
    long plan = plan(f.ok(submit(false, ownerMove(shardNotOn("n3"), "n3", 0)))).getId();
    CommandResult refused = f.apply(approve(plan));
    assertEquals(ErrorCode.FAILED_PRECONDITION, refused.getCode());
    assertTrue(refused.getMessage().contains("dry-run"), refused.getMessage());
  }

  @Test
  void theInversePlanPutsEveryMovedShardBack() throws Exception {
    int a = shardNotOn("n3");
    Shard original = f.shard(NS, a);
    long plan = plan(f.ok(submit(true, ownerMove(a, "n3", 0)))).getId();
    for (MoveStep step : MoveSteps.sequence(MoveKind.MOVE_OWNER)) {
      f.ok(advance(plan, 0, step));
    }
    RebalancePlan done = f.read(v -> RebalanceStore.plan(v, NS, plan)).orElseThrow();
    Map<Integer, Shard> current = new HashMap<>();
    f.read(v -> RegistryAccess.shards(v, NS)).forEach(s -> current.put(s.getShardId(), s));
    RebalancePlan inverse = PlanDrafts.inverse(done, current, f.index, ALICE, 3);
    assertEquals(1, inverse.getMovesCount());
    assertEquals("n3", inverse.getMoves(0).getFrom());
    assertEquals(original.getOwner(), inverse.getMoves(0).getTo());
    Command rollback = Command.newBuilder().setSubmitRebalancePlan(SubmitRebalancePlanCommand.newBuilder()
        .setPlan(inverse).setApprove(true).setIgnoreCooldown(true)).build();
    long back = plan(f.ok(rollback)).getId();
    for (MoveStep step : MoveSteps.sequence(MoveKind.MOVE_OWNER)) {
      f.ok(advance(back, 0, step));
    }
    assertEquals(original.getReplicasList(), f.shard(NS, a).getReplicasList());
    assertEquals(original.getEpoch() + 2, f.shard(NS, a).getEpoch(), "epochs only grow, even going back");
    assertEquals(plan, f.read(v -> RebalanceStore.plan(v, NS, back)).orElseThrow().getRollbackOf());
  }

  @Test
  void theControllerNotesStatesWithoutAPlanAndOnlyItsNoteWithOne() throws Exception {
    Command investigating = Command.newBuilder().setFence(f.fence()).setNoteRebalance(
        io.meshkit.proto.internal.v1.NoteRebalanceCommand.newBuilder().setNamespace(NS)
            .setState(RebalanceState.REBALANCE_INVESTIGATING).setNote("dry-run: 3 moves")).build();
    f.ok(investigating);
    assertEquals(RebalanceState.REBALANCE_INVESTIGATING, nsState());
    long plan = plan(f.ok(submit(false, ownerMove(shardNotOn("n3"), "n3", 0)))).getId();
    CommandResult refused = f.apply(investigating);
    assertEquals(ErrorCode.FAILED_PRECONDITION, refused.getCode(), "no idle state while plan " + plan + " is active");
    Command held = Command.newBuilder().setFence(f.fence()).setNoteRebalance(
        io.meshkit.proto.internal.v1.NoteRebalanceCommand.newBuilder().setNamespace(NS)
            .setNote("healthy-replica: target n3 is suspect in gossip")).build();
    f.ok(held);
    var state = f.read(v -> RebalanceStore.namespace(v, NS));
    assertEquals(RebalanceState.REBALANCE_PLAN_PENDING, state.getState());
    assertTrue(state.getNote().startsWith("healthy-replica"));
  }

  @Test
  void everyNamespaceStateChangeIsChecked() {
    for (RebalanceState from : RebalanceState.values()) {
      if (from == RebalanceState.UNRECOGNIZED) {
        continue;
      }
      assertFalse(RebalanceStates.allowed(from, RebalanceState.REBALANCE_EXECUTING)
          && from != RebalanceState.REBALANCE_APPROVED, from + " -> executing");
      assertFalse(RebalanceStates.allowed(from, RebalanceState.REBALANCE_COMPLETED)
          && from != RebalanceState.REBALANCE_EXECUTING, from + " -> completed");
    }
    assertTrue(RebalanceStates.allowed(RebalanceState.REBALANCE_PLAN_PENDING, RebalanceState.REBALANCE_CANCELLED));
    assertFalse(RebalanceStates.allowed(RebalanceState.REBALANCE_PLAN_PENDING, RebalanceState.REBALANCE_PLAN_PENDING));
    assertFalse(RebalanceStates.allowed(RebalanceState.REBALANCE_EXECUTING, RebalanceState.REBALANCE_STEADY));
  }

  /** The registry audit records touching a target, through the registry's own paging. */
  static final class AuditPage {
    static List<AuditRecord> of(io.meshkit.raft.KeyValueReader view, String target) {
      return RegistryAccess.audit(view, ListAuditRequest.newBuilder().setTargetPrefix(target).setLimit(1000).build())
          .stream().filter(r -> r.getAction().startsWith("shard.")).filter(r -> !r.getChangesList().isEmpty())
          .filter(r -> r.getActor().equals(RebalanceCommandHandler.CONTROLLER_SCOPE)).toList();
    }
  }
}
