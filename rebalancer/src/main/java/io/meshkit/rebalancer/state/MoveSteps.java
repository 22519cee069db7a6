package io.meshkit.rebalancer.state;

import io.meshkit.proto.v1.AssignShardRequest;
import io.meshkit.proto.v1.ChangeInfo;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.MoveKind;
import io.meshkit.proto.v1.MoveStep;
import io.meshkit.proto.v1.RebalanceMove;
import io.meshkit.proto.v1.SetShardStatusRequest;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.ShardStatus;
import io.meshkit.raft.ApplyContext;
import io.meshkit.raft.CommandFailure;
import io.meshkit.registry.shards.RegistryAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The steps of a move and the registry mutation each one is. The new holder is added before anything
 * is removed, so a shard never has fewer replicas during a move than before it, and its owner is
 * always one of its replicas:
 * <pre>
 *   OWNER    mark moving → add `to` as replica → switch owner to `to` (epoch + 1) → remove `from` → active
 *   PROMOTE  mark moving → switch owner to `to` (epoch + 1; `from` stays a replica) → active
 *   REPLICA  mark moving → add `to` as replica → remove `from` → active
 * </pre>
 * Every step names the epoch it expects (the planned one, + 1 after the switch): a shard whose owner
 * changed under the plan fails its move instead of being changed.
 */
public final class MoveSteps {
  private static final List<MoveStep> OWNER = List.of(MoveStep.MOVE_MARKED, MoveStep.MOVE_REPLICA_ADDED,
      MoveStep.MOVE_OWNER_SWITCHED, MoveStep.MOVE_OLD_REMOVED, MoveStep.MOVE_DONE);
  private static final List<MoveStep> PROMOTE = List.of(MoveStep.MOVE_MARKED, MoveStep.MOVE_OWNER_SWITCHED,
      MoveStep.MOVE_DONE);
  private static final List<MoveStep> REPLICA = List.of(MoveStep.MOVE_MARKED, MoveStep.MOVE_REPLICA_ADDED,
      MoveStep.MOVE_OLD_REMOVED, MoveStep.MOVE_DONE);

  private MoveSteps() {}

  /** The steps a move of {@code kind} passes, in order. */
  public static List<MoveStep> sequence(MoveKind kind) {
    return switch (kind) {
      case MOVE_OWNER -> OWNER;
      case MOVE_PROMOTE -> PROMOTE;
      case MOVE_REPLICA -> REPLICA;
      default -> throw new IllegalArgumentException("no steps for move kind " + kind);
    };
  }

  /** Whether the move is done or failed. */
  public static boolean ended(RebalanceMove move) {
    return move.getStep() == MoveStep.MOVE_DONE || move.getStep() == MoveStep.MOVE_FAILED;
  }

  /** Whether the move has started and not ended. */
  public static boolean inFlight(RebalanceMove move) {
    return move.getStep() != MoveStep.MOVE_PENDING && !ended(move);
  }

  /** The step that follows the move's current one; empty once it ended. */
  public static Optional<MoveStep> next(RebalanceMove move) {
    if (ended(move)) {
      return Optional.empty();
    }
    List<MoveStep> steps = sequence(move.getKind());
    return Optional.of(steps.get(steps.indexOf(move.getStep()) + 1));
  }

  /** Whether the move has reached {@code step} already (or ended). */
  public static boolean passed(RebalanceMove move, MoveStep step) {
    if (ended(move)) {
      return true;
    }
    List<MoveStep> steps = sequence(move.getKind());
    return steps.indexOf(move.getStep()) >= steps.indexOf(step);
  }

  /** The epoch the shard has at the move's current step: the planned one, + 1 once the owner switched. */
  static long epochNow(RebalanceMove move) {
    boolean switched = move.getKind() != MoveKind.MOVE_REPLICA && move.getStep() != MoveStep.MOVE_FAILED
        && passed(move, MoveStep.MOVE_OWNER_SWITCHED);
    return move.getExpectedEpoch() + (switched ? 1 : 0);
  }

  /**
   * Applies {@code step} of {@code move} to the registry (the caller checked it is the next step).
   *
   * @throws CommandFailure when the registry refuses (the shard changed under the plan, a node was
   *     decommissioned); nothing is written then
   */
  static void apply(ApplyContext context, String namespace, RebalanceMove move, MoveStep step, ChangeInfo change) {
    Shard shard = RegistryAccess.shard(context, namespace, move.getShardId()).orElseThrow(() -> new CommandFailure(
        ErrorCode.NOT_FOUND, "shard " + namespace + "/" + move.getShardId() + " no longer exists"));
    long epoch = epochNow(move);
    switch (step) {
      case MOVE_MARKED -> {
        requireHolders(namespace, move, shard);
        status(context, namespace, move, ShardStatus.SHARD_MOVING, epoch, change);
      }
      case MOVE_REPLICA_ADDED -> {
        List<String> replicas = new ArrayList<>(shard.getReplicasList());
        if (!replicas.contains(move.getTo())) {
          replicas.add(move.getTo());
        }
        assign(context, namespace, move, replicas, epoch, change);
      }
      case MOVE_OWNER_SWITCHED -> {
        List<String> replicas = new ArrayList<>(shard.getReplicasList());
        replicas.remove(move.getTo());
        replicas.add(0, move.getTo());
        assign(context, namespace, move, replicas, epoch, change);
      }
      case MOVE_OLD_REMOVED -> {
        List<String> replicas = new ArrayList<>(shard.getReplicasList());
        replicas.remove(move.getFrom());
        assign(context, namespace, move, replicas, epoch, change);
      }
      case MOVE_DONE -> status(context, namespace, move, ShardStatus.SHARD_ACTIVE, epoch, change);
      default -> throw new IllegalArgumentException("not an executable step: " + step);
    }
  }

  /**
   * A move that ends early (failed, cancelled) leaves its shard active: the shard's owner is valid at
   * every step, so only the moving mark has to go. Any epoch; a no-op when not marked.
   */
  static void release(ApplyContext context, String namespace, RebalanceMove move, ChangeInfo change) {
    RegistryAccess.shard(context, namespace, move.getShardId())
        .filter(s -> s.getStatus() == ShardStatus.SHARD_MOVING)
        .ifPresent(s -> status(context, namespace, move, ShardStatus.SHARD_ACTIVE, 0, change));
  }

  /** The shard is still as planned: `from` holds what the move takes, `to` what it must not hold yet. */
  private static void requireHolders(String namespace, RebalanceMove move, Shard shard) {
    boolean fromOk = move.getKind() == MoveKind.MOVE_REPLICA
        ? shard.getReplicasList().contains(move.getFrom()) && !shard.getOwner().equals(move.getFrom())
        : shard.getOwner().equals(move.getFrom());
    boolean toOk = move.getKind() == MoveKind.MOVE_PROMOTE
        ? shard.getReplicasList().contains(move.getTo())
        : !shard.getReplicasList().contains(move.getTo());
    if (!fromOk || !toOk) {
      throw new CommandFailure(ErrorCode.CONFLICT, "shard " + namespace + "/" + move.getShardId()
          + " changed since it was planned (replicas now " + shard.getReplicasList() + "); plan again");
    }
  }

  private static void status(ApplyContext context, String namespace, RebalanceMove move, ShardStatus status,
      long epoch, ChangeInfo change) {
    RegistryAccess.setStatus(context, SetShardStatusRequest.newBuilder().setNamespace(namespace)
        .setShardId(move.getShardId()).setStatus(status).setExpectedEpoch(epoch).setChange(change).build());
  }

  private static void assign(ApplyContext context, String namespace, RebalanceMove move, List<String> replicas,
      long epoch, ChangeInfo change) {
    RegistryAccess.assign(context, AssignShardRequest.newBuilder().setNamespace(namespace)
        .setShardId(move.getShardId()).addAllReplicas(replicas).setExpectedEpoch(epoch).setChange(change).build());
  }
}
