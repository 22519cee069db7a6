package io.meshkit.rebalancer.control;

import io.meshkit.leadership.election.LocalCandidacy;
import io.meshkit.proto.internal.v1.AdvanceRebalanceMoveCommand;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.internal.v1.NoteRebalanceCommand;
import io.meshkit.proto.internal.v1.SubmitRebalancePlanCommand;
import io.meshkit.proto.v1.ChangeInfo;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Fence;
import io.meshkit.proto.v1.MoveStep;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.NamespaceRebalance;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.NodeState;
import io.meshkit.proto.v1.RebalanceMode;
import io.meshkit.proto.v1.RebalanceMove;
import io.meshkit.proto.v1.RebalancePlan;
import io.meshkit.proto.v1.RebalanceState;
import io.meshkit.proto.v1.Shard;
import io.meshkit.raft.MeshException;
import io.meshkit.raft.RaftNode;
import io.meshkit.rebalancer.plan.PeerHealth;
import io.meshkit.rebalancer.plan.Plan;
import io.meshkit.rebalancer.state.MoveSteps;
import io.meshkit.rebalancer.state.RebalanceCommandHandler;
import io.meshkit.rebalancer.state.RebalanceStates;
import io.meshkit.rebalancer.state.RebalanceStore;
import io.meshkit.registry.shards.RegistryAccess;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rebalance controller. Every member runs one; once a namespace has shards, each campaigns for
 * the controller's scope, and only the one whose {@link LocalCandidacy} leads
 * scope {@value RebalanceCommandHandler#CONTROLLER_SCOPE} acts, and every write it makes carries that
 * leadership's fence, so a controller deposed mid-plan cannot change anything any more. All progress
 * lives in the replicated plan record, so the next leader resumes a plan at the step it was at.
 *
 * <p>Each tick (one thread): execute — for every approved or executing plan, take the next step of
 * each unfinished move of the plan's current wave, unless a guardrail holds it (incident throttle,
 * healthy replica); then, at the evaluation interval or sooner when {@link #trigger} was called
 * (gossip saw a node join, leave or die), evaluate every idle namespace out of its cooldown: plan it,
 * and submit the plan (pending, or approved in auto mode) or, in dry-run mode or when nothing is to
 * be done, note the namespace's state.
 */
public final class RebalanceController implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RebalanceController.class);
  private static final ChangeInfo SELF = ChangeInfo.newBuilder().setActor(RebalanceCommandHandler.CONTROLLER_SCOPE)
      .build();

  /** How often the controller steps, and how often it evaluates idle namespaces without a trigger. */
  public record Settings(Duration tick, Duration evaluateEvery, Duration leaseTtl) {
    public static Settings defaults() {
      return new Settings(Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(9));
    }
  }

  private final RaftNode node;
  private final LocalCandidacy seat;
  private final RebalancePlanning planning;
  private final RebalanceMetrics metrics;
  private final Settings settings;
  private final ScheduledExecutorService loop;
  private final AtomicBoolean triggered = new AtomicBoolean(true);
  private final Map<String, String> lastBlock = new HashMap<>();
  private long nextEvaluationNanos;
  /** Whether any namespace has shards: until then the controller neither campaigns nor plans. */
  private boolean engaged;

  public RebalanceController(RaftNode node, LocalCandidacy seat, RebalancePlanning planning, RebalanceMetrics metrics,
      Settings settings) {
    this.node = node;
    this.seat = seat;
    this.planning = planning;
    this.metrics = metrics;
    this.settings = settings;
    this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "rebalance-controller");
      t.setDaemon(true);
      return t;
    });
  }

  public RebalanceController start() {
    long tick = settings.tick().toMillis();
    loop.scheduleWithFixedDelay(this::tickSafely, tick, tick, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Evaluate every idle namespace at the next tick (a node joined, left or died). */
  public void trigger() {
    triggered.set(true);
  }

  private void tickSafely() {
    try {
      tick();
    } catch (MeshException e) {
      LOG.debug("rebalance controller tick: {}", e.getMessage());  // no quorum yet, a leader change
    } catch (RuntimeException e) {
      LOG.warn("rebalance controller tick failed: {}", e.toString());
    }
  }

  private void tick() {
    if (!engaged) {
      // A cluster used only for KV, leases and elections never sees the controller's lease and candidacy.
      engaged = read(view -> RegistryAccess.namespaces(view)).stream().anyMatch(Namespace::getShardsCreated);
      if (!engaged) {
        return;
      }
    }
    seat.refresh();
    Optional<Fence> fence = seat.fence();
    metrics.leading(fence.isPresent());
    if (fence.isEmpty()) {
      return;
    }
    boolean evaluate = triggered.getAndSet(false) || System.nanoTime() - nextEvaluationNanos >= 0;
    if (evaluate) {
      nextEvaluationNanos = System.nanoTime() + settings.evaluateEvery().toNanos();
    }
    List<Namespace> namespaces = read(view -> RegistryAccess.namespaces(view));
    Map<String, PeerHealth> health = planning.health().health();
    for (Namespace ns : namespaces) {
      if (!ns.getShardsCreated() || !ns.getReplicatedFrom().isEmpty()) {
        continue;  // no shards yet, or a standby's read-only copy (balanced on its source)
      }
      NamespaceRebalance state = read(view -> RebalanceStore.namespace(view, ns.getName()));
      metrics.state(ns.getName(), state.getState());
      try {
        if (state.getActivePlan() != 0) {
          execute(ns, state, health, fence.get());
        } else {
          metrics.movesInFlight(ns.getName(), 0);
          metrics.oldestMoveStarted(ns.getName(), 0);
          if (evaluate) {
            evaluate(ns, state, health, fence.get());
          }
        }
      } catch (FencedOut e) {
        LOG.info("rebalance controller lost scope {}: {}", RebalanceCommandHandler.CONTROLLER_SCOPE, e.getMessage());
        return;
      } catch (MeshException e) {
        LOG.warn("rebalance of namespace {}: {}", ns.getName(), e.getMessage());
      }
    }
  }

  /**
   * Takes the next step of every unfinished move of the plan's current wave that no guardrail holds.
   * What holds the plan back is written to the namespace's note (an event for watchers), and cleared
   * once it moves again.
   */
  private void execute(Namespace ns, NamespaceRebalance state, Map<String, PeerHealth> health, Fence fence) {
    long planId = state.getActivePlan();
    Optional<RebalancePlan> found = read(view -> RebalanceStore.plan(view, ns.getName(), planId));
    if (found.isEmpty() || (found.get().getState() != RebalanceState.REBALANCE_APPROVED
        && found.get().getState() != RebalanceState.REBALANCE_EXECUTING)) {
      return;
    }
    RebalancePlan plan = found.get();
    List<Node> nodes = read(RegistryAccess::nodes);
    Optional<String> incident = Guardrails.incident(ns, nodes, health);
    if (incident.isPresent()) {
      block(ns.getName(), incident.get());
      noteOnly(ns.getName(), state, incident.get(), fence);
      return;
    }
    int wave = plan.getMovesList().stream().filter(m -> !MoveSteps.ended(m)).mapToInt(RebalanceMove::getWave).min()
        .orElse(Integer.MAX_VALUE);
    metrics.movesInFlight(ns.getName(), (int) plan.getMovesList().stream().filter(MoveSteps::inFlight).count());
    metrics.oldestMoveStarted(ns.getName(), plan.getMovesList().stream().filter(MoveSteps::inFlight)
        .filter(m -> m.getHistoryCount() > 0).mapToLong(m -> m.getHistory(0).getTimeUnixMs()).min().orElse(0));
    String held = "";
    boolean ended = false;
    for (int i = 0; i < plan.getMovesCount(); i++) {
      RebalanceMove move = plan.getMoves(i);
      if (MoveSteps.ended(move) || move.getWave() != wave) {
        continue;
      }
      MoveStep step = MoveSteps.next(move).orElseThrow();
      Shard shard = read(view -> RegistryAccess.shard(view, ns.getName(), move.getShardId())).orElse(null);
      if (shard == null) {
        ended |= advance(ns.getName(), plan, i, MoveStep.MOVE_FAILED, "shard no longer exists", fence);
        continue;
      }
      if (Guardrails.hopeless(move, health) && !MoveSteps.passed(move, MoveStep.MOVE_OWNER_SWITCHED)) {
        ended |= advance(ns.getName(), plan, i, MoveStep.MOVE_FAILED, "target " + move.getTo() + " is dead in gossip",
            fence);
        continue;
      }
      Optional<String> guardrail = Guardrails.step(move, step, shard, health);
      if (guardrail.isPresent()) {
        block(ns.getName(), guardrail.get());
        held = held.isEmpty() ? guardrail.get() : held;
        continue;
      }
      ended |= advance(ns.getName(), plan, i, step, "", fence);
    }
    if (!ended) {
      noteOnly(ns.getName(), state, held, fence);
    }
  }

  /** Proposes one step; whether the plan has ended after it. */
  private boolean advance(String namespace, RebalancePlan plan, int index, MoveStep step, String failure,
      Fence fence) {
    CommandResult result = propose(Command.newBuilder().setFence(fence).setAdvanceRebalanceMove(
        AdvanceRebalanceMoveCommand.newBuilder().setNamespace(namespace).setPlanId(plan.getId()).setMoveIndex(index)
            .setStep(step).setFailure(failure)).build());
    if (result == null) {
      return false;
    }
    lastBlock.remove(namespace);
    RebalancePlan after = result.getRebalancePlan();
    RebalanceMove moved = after.getMoves(index);
    if (MoveSteps.ended(moved) && !MoveSteps.ended(plan.getMoves(index))) {
      long started = moved.getHistoryCount() > 0 ? moved.getHistory(0).getTimeUnixMs() : 0;
      long ended = moved.getHistory(moved.getHistoryCount() - 1).getTimeUnixMs();
      metrics.moveEnded(moved.getStep(), Math.max(0, ended - started));
      if (moved.getStep() == MoveStep.MOVE_FAILED) {
        LOG.warn("plan {} move {} (shard {}/{}) failed: {}", plan.getId(), index, namespace, moved.getShardId(),
            moved.getFailure());
      }
    }
    if (RebalanceStates.ended(after.getState())) {
      metrics.planEnded(after.getState());
      LOG.info("plan {} of namespace {} ended {}: {}", after.getId(), namespace, RebalanceStates.text(after.getState()),
          after.getOutcome());
      return true;
    }
    return false;
  }

  /** Plans an idle namespace; submits the plan or notes why there is none. */
  private void evaluate(Namespace ns, NamespaceRebalance state, Map<String, PeerHealth> health, Fence fence) {
    if (System.currentTimeMillis() < state.getCooldownUntilUnixMs()) {
      return;
    }
    List<Node> nodes = read(RegistryAccess::nodes);
    Optional<String> incident = Guardrails.incident(ns, nodes, health);
    if (incident.isPresent()) {
      block(ns.getName(), incident.get());
      note(ns.getName(), state, RebalanceState.REBALANCE_INVESTIGATING, incident.get(), fence);
      return;
    }
    Plan plan = read(view -> planning.plan(view, ns.getName(), Set.of()));
    metrics.imbalance(ns.getName(), plan.imbalanceBefore());
    boolean evacuating = evacuating(ns, nodes);
    if (plan.isEmpty()) {
      if (evacuating) {
        note(ns.getName(), state, RebalanceState.REBALANCE_DRAINING, plan.reason(), fence);
      } else if (state.getState() == RebalanceState.REBALANCE_INVESTIGATING
          || state.getState() == RebalanceState.REBALANCE_DRAINING) {
        note(ns.getName(), state, RebalanceState.REBALANCE_STEADY, plan.reason(), fence);
      }
      return;
    }
    RebalanceMode mode = ns.getPolicy().getMode();
    RebalancePlan draft = PlanDrafts.draft(plan, SELF.toBuilder().setReason(evacuating ? "evacuate draining nodes"
        : "imbalance above the start threshold").build(), "periodic");
    if (mode == RebalanceMode.REBALANCE_DRY_RUN) {
      note(ns.getName(), state, evacuating ? RebalanceState.REBALANCE_DRAINING : RebalanceState.REBALANCE_INVESTIGATING,
          "dry-run: " + draft.getSummary(), fence);
      return;
    }
    CommandResult submitted = propose(Command.newBuilder().setFence(fence).setSubmitRebalancePlan(
        SubmitRebalancePlanCommand.newBuilder().setPlan(draft).setApprove(mode == RebalanceMode.REBALANCE_AUTO))
        .build());
    if (submitted != null) {
      LOG.info("namespace {}: plan {} submitted ({}): {}", ns.getName(), submitted.getRebalancePlan().getId(),
          RebalanceStates.text(submitted.getRebalancePlan().getState()), draft.getSummary());
    }
  }

  /** Whether a draining or decommissioned node still holds a shard of {@code ns}. */
  private boolean evacuating(Namespace ns, List<Node> nodes) {
    Set<String> leaving = new java.util.HashSet<>();
    for (Node n : nodes) {
      if (n.getState() == NodeState.NODE_DRAINING || n.getState() == NodeState.NODE_DECOMMISSIONED) {
        leaving.add(n.getId());
      }
    }
    if (leaving.isEmpty()) {
      return false;
    }
    return read(view -> RegistryAccess.shards(view, ns.getName())).stream()
        .anyMatch(s -> s.getReplicasList().stream().anyMatch(leaving::contains));
  }

  private void note(String namespace, NamespaceRebalance state, RebalanceState to, String note, Fence fence) {
    if (state.getState() == to && state.getNote().equals(note)) {
      return;
    }
    propose(Command.newBuilder().setFence(fence).setNoteRebalance(NoteRebalanceCommand.newBuilder()
        .setNamespace(namespace).setState(to).setNote(note.length() > 1000 ? note.substring(0, 1000) : note)).build());
  }

  /** Sets the namespace's note alone (the plan's state stays), when it differs. */
  private void noteOnly(String namespace, NamespaceRebalance state, String note, Fence fence) {
    if (!state.getNote().equals(note)) {
      propose(Command.newBuilder().setFence(fence).setNoteRebalance(NoteRebalanceCommand.newBuilder()
          .setNamespace(namespace).setNote(note)).build());
    }
  }

  private void block(String namespace, String reason) {
    if (!reason.equals(lastBlock.put(namespace, reason))) {
      LOG.info("rebalance of {} held by guardrail {}", namespace, reason);
    }
    metrics.guardrailBlocked(reason.substring(0, Math.max(0, reason.indexOf(':'))));
  }

  /** The command's result; null after a business failure (logged). Throws {@link FencedOut} when deposed. */
  private CommandResult propose(Command command) {
    try {
      return node.execute(command).get(node.config().requestTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof MeshException m) {
        if (m.code() == ErrorCode.FENCED) {
          throw new FencedOut(m.getMessage());
        }
        LOG.warn("rebalance {} refused: {}", command.getCmdCase(), m.getMessage());
        return null;
      }
      LOG.debug("rebalance {} failed (member unreachable?): {}", command.getCmdCase(), e.getCause().toString());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.TimeoutException e) {
      LOG.warn("rebalance {} timed out", command.getCmdCase());
      return null;
    }
  }

  private <T> T read(java.util.function.Function<io.meshkit.raft.ReadView, T> reader) {
    try {
      return node.read(RaftNode.Consistency.LINEARIZABLE, reader)
          .get(node.config().requestTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof MeshException m) {
        throw m;
      }
      throw new MeshException(ErrorCode.UNAVAILABLE, "read failed: " + e.getCause(), "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new MeshException(ErrorCode.UNAVAILABLE, "linearizable read timed out", "");
    }
  }

  /** This member's candidacy no longer leads: stop acting until it leads again. */
  private static final class FencedOut extends RuntimeException {
    FencedOut(String message) {
      super(message, null, false, false);
    }
  }

  @Override
  public void close() {
    loop.shutdownNow();
    try {
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    seat.close();
  }
}
