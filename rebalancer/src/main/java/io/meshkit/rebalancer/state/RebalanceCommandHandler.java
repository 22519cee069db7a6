package io.meshkit.rebalancer.state;

import io.meshkit.proto.internal.v1.AdvanceRebalanceMoveCommand;
import io.meshkit.proto.internal.v1.ApproveRebalancePlanCommand;
import io.meshkit.proto.internal.v1.CancelRebalancePlanCommand;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.internal.v1.NoteRebalanceCommand;
import io.meshkit.proto.internal.v1.SubmitRebalancePlanCommand;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.MoveKind;
import io.meshkit.proto.v1.MoveStep;
import io.meshkit.proto.v1.RebalanceMove;
import io.meshkit.proto.v1.RebalancePlan;
import io.meshkit.proto.v1.RebalanceState;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.CommandHandler;
import io.meshkit.raft.CommandLimits;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.registry.shards.RegistryAccess;
import java.util.HashSet;
import java.util.Set;

/**
 * The rebalance commands: submit, approve and cancel a plan, advance one of its moves a step, note a
 * namespace's idle state. A plan and the registry mutation of each step are written in the same
 * apply (see {@link PlanCommands}). Advance and note are the controller's: they must carry a fence
 * for {@link #CONTROLLER_SCOPE}, which the dispatcher checks against the scope's current token.
 */
public final class RebalanceCommandHandler implements CommandHandler {
  /** The election scope whose leader runs the rebalance controller. */
  public static final String CONTROLLER_SCOPE = "meshkit/rebalancer";
  private static final Set<Command.CmdCase> COMMANDS = Set.of(Command.CmdCase.SUBMIT_REBALANCE_PLAN,
      Command.CmdCase.APPROVE_REBALANCE_PLAN, Command.CmdCase.CANCEL_REBALANCE_PLAN,
      Command.CmdCase.ADVANCE_REBALANCE_MOVE, Command.CmdCase.NOTE_REBALANCE);
  private static final int MAX_TEXT = 1024;

  @Override
  public Set<Command.CmdCase> commands() {
    return COMMANDS;
  }

  @Override
  public void validate(Command command, CommandLimits limits) throws CommandRejectedException {
    switch (command.getCmdCase()) {
      case SUBMIT_REBALANCE_PLAN -> submit(command.getSubmitRebalancePlan());
      case APPROVE_REBALANCE_PLAN -> {
        ApproveRebalancePlanCommand c = command.getApproveRebalancePlan();
        planRef(c.getNamespace(), c.getPlanId());
        RegistryAccess.validateChange(c.getChange());
      }
      case CANCEL_REBALANCE_PLAN -> {
        CancelRebalancePlanCommand c = command.getCancelRebalancePlan();
        planRef(c.getNamespace(), c.getPlanId());
        RegistryAccess.validateChange(c.getChange());
      }
      case ADVANCE_REBALANCE_MOVE -> {
        controllerFence(command);
        AdvanceRebalanceMoveCommand c = command.getAdvanceRebalanceMove();
        planRef(c.getNamespace(), c.getPlanId());
        if (c.getMoveIndex() < 0 || c.getStep() == MoveStep.MOVE_PENDING || c.getStep() == MoveStep.UNRECOGNIZED) {
          throw invalid("advance names move " + c.getMoveIndex() + " and step " + c.getStep(),
              "name a move index >= 0 and a step from MOVE_MARKED to MOVE_FAILED");
        }
        text("failure", c.getFailure());
      }
      case NOTE_REBALANCE -> {
        controllerFence(command);
        NoteRebalanceCommand c = command.getNoteRebalance();
        RegistryAccess.validateNamespaceName(c.getNamespace());
        if (c.getState() != RebalanceState.REBALANCE_STEADY && c.getState() != RebalanceState.REBALANCE_INVESTIGATING
            && c.getState() != RebalanceState.REBALANCE_DRAINING
            && c.getState() != RebalanceState.REBALANCE_STATE_UNSPECIFIED) {
          throw invalid("a note sets " + c.getState(), "note steady, investigating or draining, or only the note");
        }
        text("note", c.getNote());
      }
      default -> throw new IllegalArgumentException("not a rebalance command: " + command.getCmdCase());
    }
  }

  @Override
  public CommandResult apply(ApplyContext context, Command command) {
    return switch (command.getCmdCase()) {
      case SUBMIT_REBALANCE_PLAN -> planResult(PlanCommands.submit(context, command.getSubmitRebalancePlan()));
      case APPROVE_REBALANCE_PLAN -> planResult(PlanCommands.approve(context, command.getApproveRebalancePlan()));
      case CANCEL_REBALANCE_PLAN -> planResult(PlanCommands.cancel(context, command.getCancelRebalancePlan()));
      case ADVANCE_REBALANCE_MOVE -> planResult(PlanCommands.advance(context, command.getAdvanceRebalanceMove()));
      case NOTE_REBALANCE -> CommandResult.newBuilder()
          .setNamespaceRebalance(PlanCommands.note(context, command.getNoteRebalance())).build();
      default -> throw new IllegalStateException("not a rebalance command: " + command.getCmdCase());
    };
  }

  private static CommandResult planResult(RebalancePlan plan) {
    return CommandResult.newBuilder().setRebalancePlan(plan).build();
  }

  private static void submit(SubmitRebalancePlanCommand c) throws CommandRejectedException {
    RebalancePlan plan = c.getPlan();
    RegistryAccess.validateNamespaceName(plan.getNamespace());
    RegistryAccess.validateChange(plan.getChange());
    text("summary", plan.getSummary());
    text("trigger", plan.getTrigger());
    int max = RegistryAccess.maxMovesPerPlan();
    if (plan.getMovesCount() == 0 || plan.getMovesCount() > max) {
      throw invalid("a plan of " + plan.getMovesCount() + " moves",
          plan.getMovesCount() == 0 ? "there is nothing to do; an empty plan is not stored"
              : "split it: at most " + max + " moves per plan");
    }
    Set<Integer> shards = new HashSet<>();
    for (RebalanceMove m : plan.getMovesList()) {
      if (m.getKind() == MoveKind.MOVE_KIND_UNSPECIFIED || m.getKind() == MoveKind.UNRECOGNIZED) {
        throw invalid("move of shard " + m.getShardId() + " has no kind", "owner, promote or replica");
      }
      RegistryAccess.validateNodeId(m.getFrom());
      RegistryAccess.validateNodeId(m.getTo());
      text("move reason", m.getReason());
      if (m.getFrom().equals(m.getTo()) || m.getExpectedEpoch() < 1 || m.getShardId() < 0 || m.getWave() < 0) {
        throw invalid("move of shard " + m.getShardId() + " from " + m.getFrom() + " to " + m.getTo() + " at epoch "
            + m.getExpectedEpoch() + " is not a move", "from and to differ, epoch >= 1, shard and wave >= 0");
      }
      if (!shards.add(m.getShardId())) {
        throw invalid("shard " + m.getShardId() + " is moved twice in one plan", "one move per shard per plan");
      }
    }
  }

  private static void planRef(String namespace, long planId) throws CommandRejectedException {
    RegistryAccess.validateNamespaceName(namespace);
    if (planId <= 0) {
      throw invalid("plan id " + planId, "name the plan: meshctl shards rebalance list " + namespace);
    }
  }

  private static void controllerFence(Command command) throws CommandRejectedException {
    if (!command.hasFence() || !command.getFence().getScope().equals(CONTROLLER_SCOPE)) {
      throw new CommandRejectedException(ErrorCode.FAILED_PRECONDITION,
          "rebalance steps are taken only by the rebalance controller, fenced with its " + CONTROLLER_SCOPE
              + " token", "approve or cancel the plan instead; the controller executes it");
    }
  }

  private static void text(String what, String value) throws CommandRejectedException {
    if (value.length() > MAX_TEXT) {
      throw invalid(what + " is " + value.length() + " characters", "keep it to " + MAX_TEXT);
    }
  }

  private static CommandRejectedException invalid(String message, String hint) {
    return new CommandRejectedException(ErrorCode.INVALID_ARGUMENT, message, hint);
  }
}
