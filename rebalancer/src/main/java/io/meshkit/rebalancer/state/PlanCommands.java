package io.meshkit.rebalancer.state;

import io.meshkit.proto.internal.v1.AdvanceRebalanceMoveCommand;
import io.meshkit.proto.internal.v1.ApproveRebalancePlanCommand;
import io.meshkit.proto.internal.v1.CancelRebalancePlanCommand;
import io.meshkit.proto.internal.v1.NoteRebalanceCommand;
import io.meshkit.proto.internal.v1.SubmitRebalancePlanCommand;
import io.meshkit.proto.v1.ChangeInfo;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.MoveProgress;
import io.meshkit.proto.v1.MoveStep;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.NamespaceRebalance;
import io.meshkit.proto.v1.RebalanceMode;
import io.meshkit.proto.v1.RebalanceMove;
import io.meshkit.proto.v1.RebalancePlan;
import io.meshkit.proto.v1.RebalanceState;
import io.meshkit.proto.v1.Shard;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.CommandFailure;
import io.meshkit.registry.shards.RegistryAccess;
import java.time.Instant;

/**
 * Apply of the rebalance commands. Invariants kept here: a namespace has at most one active plan
 * (pending, approved or executing), named by its record; every state change is one
 * {@link RebalanceStates#allowed} allows; a move's steps are taken in its kind's order, each with its
 * registry mutation in the same entry; a plan ends (completed or failed) in the entry that ends its
 * last move, and its namespace then cools down for the policy's cooldown.
 */
final class PlanCommands {
  /** The cooldown of a namespace whose policy sets none. */
  static final long DEFAULT_COOLDOWN_MS = 60_000;

  private PlanCommands() {}

  static RebalancePlan submit(ApplyContext context, SubmitRebalancePlanCommand command) {
    RebalancePlan planned = command.getPlan();
    Namespace ns = namespace(context, planned.getNamespace());
    NamespaceRebalance state = RebalanceStore.namespace(context, ns.getName());
    if (!RebalanceStates.idle(state.getState())) {
      throw new CommandFailure(ErrorCode.FAILED_PRECONDITION, "namespace " + ns.getName() + " already has plan "
          + state.getActivePlan() + " (" + RebalanceStates.text(state.getState()) + "); approve, wait for or cancel"
          + " it first: meshctl shards rebalance show " + ns.getName());
    }
    if (!command.getIgnoreCooldown() && context.applyTimeMillis() < state.getCooldownUntilUnixMs()) {
      throw new CommandFailure(ErrorCode.FAILED_PRECONDITION, "guardrail cooldown: namespace " + ns.getName()
          + " is cooling down after plan " + state.getLastPlan() + " until "
          + Instant.ofEpochMilli(state.getCooldownUntilUnixMs()) + "; plan again then, or ignore the cooldown"
          + " (--ignore-cooldown)");
    }
    if (command.getApprove()) {
      requireExecutable(ns);
    }
    RebalancePlan.Builder plan = planned.toBuilder().setId(context.revision())
        .setState(command.getApprove() ? RebalanceState.REBALANCE_APPROVED : RebalanceState.REBALANCE_PLAN_PENDING)
        .setCreatedUnixMs(context.applyTimeMillis()).clearOutcome().clearStartedUnixMs().clearFinishedUnixMs();
    if (command.getApprove()) {
      plan.setApprovedBy(actor(planned.getChange())).setApprovedUnixMs(context.applyTimeMillis());
    }
    for (int i = 0; i < plan.getMovesCount(); i++) {
      RebalanceMove move = plan.getMoves(i);
      Shard shard = RegistryAccess.shard(context, ns.getName(), move.getShardId()).orElseThrow(() ->
          new CommandFailure(ErrorCode.NOT_FOUND, "shard " + ns.getName() + "/" + move.getShardId()
              + " does not exist; plan again"));
      if (shard.getEpoch() != move.getExpectedEpoch()) {
        throw new CommandFailure(ErrorCode.CONFLICT, "shard " + ns.getName() + "/" + move.getShardId() + " is at epoch "
            + shard.getEpoch() + ", planned at " + move.getExpectedEpoch() + ": the registry changed since revision "
            + planned.getPlannedRevision() + "; plan again");
      }
      plan.setMoves(i, move.toBuilder().setStep(MoveStep.MOVE_PENDING).clearHistory().clearFailure().setBefore(shard)
          .clearAfter());
    }
    RebalancePlan stored = RebalanceRecords.put(context, plan.build());
    RebalanceRecords.put(context, state.toBuilder().setState(stored.getState()).setActivePlan(stored.getId())
        .setNote("").build());
    return stored;
  }

  static RebalancePlan approve(ApplyContext context, ApproveRebalancePlanCommand command) {
    RebalancePlan plan = active(context, command.getNamespace(), command.getPlanId(), "approve");
    if (plan.getState() != RebalanceState.REBALANCE_PLAN_PENDING) {
      throw new CommandFailure(ErrorCode.FAILED_PRECONDITION, "plan " + plan.getId() + " is already "
          + RebalanceStates.text(plan.getState()) + "; only a pending plan is approved");
    }
    requireExecutable(namespace(context, plan.getNamespace()));
    return transition(context, plan.toBuilder().setState(RebalanceState.REBALANCE_APPROVED)
        .setApprovedBy(actor(command.getChange())).setApprovedUnixMs(context.applyTimeMillis()).build());
  }

  /** Ends the plan now, between two steps: moves in flight give up, each shard left active with its owner. */
  static RebalancePlan cancel(ApplyContext context, CancelRebalancePlanCommand command) {
    RebalancePlan plan = active(context, command.getNamespace(), command.getPlanId(), "cancel");
    RebalancePlan.Builder b = plan.toBuilder();
    ChangeInfo change = stepChange(plan, "cancel");
    for (int i = 0; i < b.getMovesCount(); i++) {
      RebalanceMove move = b.getMoves(i);
      if (MoveSteps.inFlight(move)) {
        MoveSteps.release(context, plan.getNamespace(), move, change);
        b.setMoves(i, failed(context, move, "cancelled after step " + move.getStep()));
      }
    }
    String reason = command.getChange().getReason();
    return finish(context, b, RebalanceState.REBALANCE_CANCELLED, "cancelled by " + actor(command.getChange())
        + (reason.isEmpty() ? "" : ": " + reason));
  }

  /** One step of one move; see {@link MoveSteps}. A step already taken is answered with the plan unchanged. */
  static RebalancePlan advance(ApplyContext context, AdvanceRebalanceMoveCommand command) {
    RebalancePlan plan = RebalanceStore.plan(context, command.getNamespace(), command.getPlanId())
        .orElseThrow(() -> notFound(command.getNamespace(), command.getPlanId()));
    if (plan.getState() != RebalanceState.REBALANCE_APPROVED && plan.getState() != RebalanceState.REBALANCE_EXECUTING) {
      throw new CommandFailure(ErrorCode.FAILED_PRECONDITION, "plan " + plan.getId() + " is "
          + RebalanceStates.text(plan.getState()) + ": only an approved or executing plan is executed");
    }
    if (command.getMoveIndex() >= plan.getMovesCount()) {
      throw new CommandFailure(ErrorCode.INVALID_ARGUMENT, "plan " + plan.getId() + " has " + plan.getMovesCount()
          + " moves, not move " + command.getMoveIndex());
    }
    RebalanceMove move = plan.getMoves(command.getMoveIndex());
    MoveStep step = command.getStep();
    RebalancePlan.Builder b = plan.toBuilder();
    ChangeInfo change = stepChange(plan, "move " + command.getMoveIndex() + " " + step);
    if (step == MoveStep.MOVE_FAILED) {
      if (MoveSteps.ended(move)) {
        return plan;
      }
      MoveSteps.release(context, plan.getNamespace(), move, change);
      b.setMoves(command.getMoveIndex(), failed(context, move, command.getFailure()));
      return afterStep(context, b);
    }
    if (!MoveSteps.sequence(move.getKind()).contains(step)) {
      throw new CommandFailure(ErrorCode.INVALID_ARGUMENT, "a " + move.getKind() + " move has no step " + step
          + "; its steps are " + MoveSteps.sequence(move.getKind()));
    }
    if (MoveSteps.passed(move, step)) {
      return plan;
    }
    MoveStep next = MoveSteps.next(move).orElseThrow();
    if (step != next) {
      throw new CommandFailure(ErrorCode.FAILED_PRECONDITION, "move " + command.getMoveIndex() + " of plan "
          + plan.getId() + " is at " + move.getStep() + "; its next step is " + next + ", not " + step);
    }
    if (step == MoveStep.MOVE_MARKED) {
      for (RebalanceMove other : plan.getMovesList()) {
        if (other.getWave() < move.getWave() && !MoveSteps.ended(other)) {
          throw new CommandFailure(ErrorCode.FAILED_PRECONDITION, "move " + command.getMoveIndex() + " is in wave "
              + move.getWave() + " but the move of shard " + other.getShardId() + " in wave " + other.getWave()
              + " has not ended; waves run in order");
        }
      }
    }
    RebalanceMove.Builder moved = move.toBuilder();
    try {
      MoveSteps.apply(context, plan.getNamespace(), move, step, change);
      moved.setStep(step).addHistory(progress(context, step));
      if (step == MoveStep.MOVE_DONE) {
        RegistryAccess.shard(context, plan.getNamespace(), move.getShardId()).ifPresent(moved::setAfter);
      }
    } catch (CommandFailure refused) {
      MoveSteps.release(context, plan.getNamespace(), move, change);
      moved = failed(context, move, step + " refused: " + refused.getMessage()).toBuilder();
    }
    b.setMoves(command.getMoveIndex(), moved);
    return afterStep(context, b);
  }

  /** A state without a plan, or (state unspecified) only the note: what holds the active plan back. */
  static NamespaceRebalance note(ApplyContext context, NoteRebalanceCommand command) {
    namespace(context, command.getNamespace());
    NamespaceRebalance state = RebalanceStore.namespace(context, command.getNamespace());
    if (command.getState() == RebalanceState.REBALANCE_STATE_UNSPECIFIED) {
      return state.getNote().equals(command.getNote()) ? state
          : RebalanceRecords.put(context, state.toBuilder().setNote(command.getNote()).build());
    }
    if (!RebalanceStates.allowed(state.getState(), command.getState())) {
      throw new CommandFailure(ErrorCode.FAILED_PRECONDITION, "namespace " + command.getNamespace() + " has plan "
          + state.getActivePlan() + " (" + RebalanceStates.text(state.getState()) + "); it cannot become "
          + RebalanceStates.text(command.getState()) + " before the plan ends");
    }
    if (state.getState() == command.getState() && state.getNote().equals(command.getNote())) {
      return state;
    }
    return RebalanceRecords.put(context, state.toBuilder().setState(command.getState()).setNote(command.getNote())
        .build());
  }

  /** Executing from the first step on; ended once every move has. */
  private static RebalancePlan afterStep(ApplyContext context, RebalancePlan.Builder b) {
    if (b.getState() == RebalanceState.REBALANCE_APPROVED) {
      b.setState(RebalanceState.REBALANCE_EXECUTING).setStartedUnixMs(context.applyTimeMillis());
      setNamespaceState(context, b.getNamespace(), RebalanceState.REBALANCE_EXECUTING, b.getId());
    }
    if (b.getMovesList().stream().allMatch(MoveSteps::ended)) {
      long failedMoves = b.getMovesList().stream().filter(m -> m.getStep() == MoveStep.MOVE_FAILED).count();
      return failedMoves == 0
          ? finish(context, b, RebalanceState.REBALANCE_COMPLETED, "all " + b.getMovesCount() + " moves done")
          : finish(context, b, RebalanceState.REBALANCE_FAILED, failedMoves + " of " + b.getMovesCount()
              + " moves failed");
    }
    return RebalanceRecords.put(context, b.build());
  }

  private static RebalancePlan transition(ApplyContext context, RebalancePlan plan) {
    setNamespaceState(context, plan.getNamespace(), plan.getState(), plan.getId());
    return RebalanceRecords.put(context, plan);
  }

  private static RebalancePlan finish(ApplyContext context, RebalancePlan.Builder b, RebalanceState end,
      String outcome) {
    b.setState(end).setOutcome(outcome).setFinishedUnixMs(context.applyTimeMillis());
    Namespace ns = namespace(context, b.getNamespace());
    long cooldown = ns.getPolicy().getCooldownMs() > 0 ? ns.getPolicy().getCooldownMs() : DEFAULT_COOLDOWN_MS;
    NamespaceRebalance state = RebalanceStore.namespace(context, b.getNamespace());
    requireTransition(state, end);
    RebalanceRecords.put(context, state.toBuilder().setState(end).setActivePlan(0).setLastPlan(b.getId())
        .setCooldownUntilUnixMs(context.applyTimeMillis() + cooldown).setNote(outcome).build());
    return RebalanceRecords.put(context, b.build());
  }

  private static void setNamespaceState(ApplyContext context, String namespace, RebalanceState to, long planId) {
    NamespaceRebalance state = RebalanceStore.namespace(context, namespace);
    requireTransition(state, to);
    RebalanceRecords.put(context, state.toBuilder().setState(to).setActivePlan(planId).build());
  }

  /** An illegal change here is a bug (the plan and namespace records disagree): an internal failure. */
  private static void requireTransition(NamespaceRebalance state, RebalanceState to) {
    if (!RebalanceStates.allowed(state.getState(), to)) {
      throw new IllegalStateException("namespace " + state.getNamespace() + " cannot go from " + state.getState()
          + " to " + to);
    }
  }

  /** The namespace's active plan, which must be {@code planId}. */
  private static RebalancePlan active(ApplyContext context, String namespace, long planId, String action) {
    RebalancePlan plan = RebalanceStore.plan(context, namespace, planId)
        .orElseThrow(() -> notFound(namespace, planId));
    if (RebalanceStates.ended(plan.getState())) {
      throw new CommandFailure(ErrorCode.FAILED_PRECONDITION, "plan " + planId + " has ended ("
          + RebalanceStates.text(plan.getState()) + ": " + plan.getOutcome() + "); nothing to " + action
          + (plan.getState() == RebalanceState.REBALANCE_CANCELLED ? "" : "; roll it back to undo it"));
    }
    return plan;
  }

  /** Plans execute only where the policy lets them. */
  private static void requireExecutable(Namespace ns) {
    if (ns.getPolicy().getMode() == RebalanceMode.REBALANCE_DRY_RUN) {
      throw new CommandFailure(ErrorCode.FAILED_PRECONDITION, "namespace " + ns.getName()
          + " rebalances in dry-run mode: plans are shown, never executed; set its rebalance mode to approval"
          + " or auto to execute them");
    }
  }

  private static Namespace namespace(ApplyContext context, String name) {
    return RegistryAccess.namespace(context, name).orElseThrow(() -> new CommandFailure(ErrorCode.NOT_FOUND,
        "namespace " + name + " not found; meshctl ns list shows them"));
  }

  private static CommandFailure notFound(String namespace, long planId) {
    return new CommandFailure(ErrorCode.NOT_FOUND, "plan " + planId + " of namespace " + namespace
        + " not found; meshctl shards rebalance list " + namespace + " shows its plans");
  }

  private static RebalanceMove failed(ApplyContext context, RebalanceMove move, String why) {
    return move.toBuilder().setStep(MoveStep.MOVE_FAILED).setFailure(why)
        .addHistory(progress(context, MoveStep.MOVE_FAILED)).build();
  }

  private static MoveProgress progress(ApplyContext context, MoveStep step) {
    return MoveProgress.newBuilder().setStep(step).setRevision(context.revision())
        .setTimeUnixMs(context.applyTimeMillis()).build();
  }

  /** The registry audit of a step: the controller acting for the plan's requester and ticket. */
  private static ChangeInfo stepChange(RebalancePlan plan, String what) {
    return ChangeInfo.newBuilder().setActor(RebalanceCommandHandler.CONTROLLER_SCOPE)
        .setReason("rebalance plan " + plan.getId() + " " + what)
        .setChangeTicket(plan.getChange().getChangeTicket()).build();
  }

  private static String actor(ChangeInfo change) {
    return change.getActor().isEmpty() ? "unknown" : change.getActor();
  }
}
