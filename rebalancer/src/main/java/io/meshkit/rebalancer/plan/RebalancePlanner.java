package io.meshkit.rebalancer.plan;

import io.meshkit.proto.v1.NodeState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Plans shard moves for one namespace: a pure function of its {@link PlanInput} (same input, same
 * plan — no clock, no randomness, every iteration over sorted ids).
 *
 * <p>First, <b>evacuation</b>: every shard held by a draining or decommissioned node, or by one gossip
 * reports dead, moves off it (a dead owner hands ownership to a live replica when there is one — no
 * data moves). These moves ignore hysteresis. Then, <b>balance</b>: while the imbalance is above the
 * start threshold (or, if the previous round was rebalancing, above the stop threshold), the busiest
 * node's shards move to the emptiest target — only when the move lowers the namespace's score.
 *
 * <p>Invariants of every move (checked by the property tests): the target is an active node the
 * placement admits and gossip reports alive; it does not hold the shard already (but for
 * {@code PROMOTE}); with {@code spread_zones} a balance move never lowers the number of zones the
 * shard's replicas span (evacuation does only when no target keeps it); at most one move per shard
 * and {@link PlanPolicy#maxMovesPerPlan()} per plan; the score after a balance move is lower than
 * before. Cordoned nodes keep their shards and take none.
 */
public final class RebalancePlanner {
  private static final double EPSILON = 1e-9;
  /** Targets tried per shard in a balance step, emptiest first. */
  private static final int CANDIDATES = 8;

  private final ScoringAdapters adapters;

  public RebalancePlanner(ScoringAdapters adapters) {
    this.adapters = adapters;
  }

  public Plan plan(PlanInput input) {
    Layout layout = new Layout(input);
    PlanPolicy policy = input.policy();
    double scoreBefore = score(layout, policy);
    double imbalanceBefore = layout.imbalance();
    List<Move> moves = new ArrayList<>();
    Set<Integer> moved = new HashSet<>();
    List<String> stuck = new ArrayList<>();
    evacuate(layout, policy, moves, moved, stuck);
    boolean active = layout.imbalance() > (input.rebalancing() ? policy.imbalanceStop() : policy.imbalanceStart());
    if (active) {
      balance(layout, policy, moves, moved);
    }
    double imbalanceAfter = layout.imbalance();
    boolean rebalancing = active && imbalanceAfter > policy.imbalanceStop();
    String reason = moves.isEmpty() ? emptyReason(input, imbalanceBefore, active, stuck)
        : moves.size() + " move(s)" + (stuck.isEmpty() ? "" : "; " + String.join("; ", stuck));
    return new Plan(input.namespace().getName(), input.revision(), moves, scoreBefore, score(layout, policy),
        imbalanceBefore, imbalanceAfter, rebalancing, reason);
  }

  private double score(Layout layout, PlanPolicy policy) {
    return adapters.score(layout, policy.weights());
  }

  /** Moves every replica off nodes that must be emptied. */
  private void evacuate(Layout layout, PlanPolicy policy, List<Move> moves, Set<Integer> moved, List<String> stuck) {
    for (int shard : layout.shardIds()) {
      if (moves.size() >= policy.maxMovesPerPlan()) {
        return;
      }
      List<String> replicas = layout.replicas(shard);
      for (int i = 0; i < replicas.size() && !moved.contains(shard); i++) {
        String from = replicas.get(i);
        String why = mustLeave(layout, from);
        if (why == null) {
          continue;
        }
        boolean owner = i == 0;
        String promote = owner && layout.health(from).liveness() == Liveness.DEAD ? liveReplica(layout, shard) : null;
        if (promote != null) {
          record(layout, policy, moves, moved, shard, Move.Kind.PROMOTE, from, promote,
              "owner " + from + " is dead: promote live replica " + promote);
          continue;
        }
        String to = bestTarget(layout, shard, from, owner);
        if (to == null) {
          stuck.add("shard " + shard + " must leave " + from + " (" + why + ") but no alive eligible node can take it");
          continue;
        }
        record(layout, policy, moves, moved, shard, owner ? Move.Kind.OWNER : Move.Kind.REPLICA, from, to,
            why + ": move to " + to);
      }
    }
  }

  /** Why {@code node} must be emptied, or null. */
  private static String mustLeave(Layout layout, String node) {
    if (layout.health(node).liveness() == Liveness.DEAD) {
      return "node " + node + " is dead";
    }
    var n = layout.node(node);
    if (n == null) {
      return "node " + node + " is not registered";
    }
    if (n.getState() == NodeState.NODE_DRAINING) {
      return "drain node " + node;
    }
    if (n.getState() == NodeState.NODE_DECOMMISSIONED) {
      return "node " + node + " is decommissioned";
    }
    return null;
  }

  private static String liveReplica(Layout layout, int shard) {
    List<String> replicas = layout.replicas(shard);
    for (int i = 1; i < replicas.size(); i++) {
      if (layout.targets().contains(replicas.get(i))) {
        return replicas.get(i);
      }
    }
    return null;
  }

  /**
   * The emptiest alive eligible node not holding {@code shard} to replace {@code from}; with zone
   * spread, one that keeps the zone count if any does, else the emptiest of all.
   */
  private static String bestTarget(Layout layout, int shard, String from, boolean owner) {
    String best = null;
    String bestAnyZone = null;
    double bestRatio = Double.MAX_VALUE;
    double bestAnyRatio = Double.MAX_VALUE;
    for (String t : layout.targets()) {
      if (layout.replicas(shard).contains(t)) {
        continue;
      }
      double ratio = owner ? layout.ownedRatio(t, 1) : layout.heldRatio(t, 1);
      if (ratio < bestAnyRatio - EPSILON) {
        bestAnyRatio = ratio;
        bestAnyZone = t;
      }
      if (layout.keepsZones(shard, from, t) && ratio < bestRatio - EPSILON) {
        bestRatio = ratio;
        best = t;
      }
    }
    return best != null ? best : bestAnyZone;
  }

  /** Moves owners from the busiest nodes while that lowers the score and the imbalance is above stop. */
  private void balance(Layout layout, PlanPolicy policy, List<Move> moves, Set<Integer> moved) {
    while (moves.size() < policy.maxMovesPerPlan() && layout.imbalance() > policy.imbalanceStop() + EPSILON) {
      if (!balanceOnce(layout, policy, moves, moved)) {
        return;
      }
    }
  }

  /**
   * One improving move from the busiest node that has one; false if none exists. Per shard it tries
   * a promotion of a live replica, then the {@link #CANDIDATES} emptiest targets, and takes the
   * first that lowers the score.
   */
  private boolean balanceOnce(Layout layout, PlanPolicy policy, List<Move> moves, Set<Integer> moved) {
    List<String> sources = byOwnedRatio(layout, layout.population(), 0);
    java.util.Collections.reverse(sources);
    List<String> targets = byOwnedRatio(layout, layout.targets(), 1);
    double current = score(layout, policy);
    for (String source : sources) {
      if (layout.fairShare(source) <= 0 || layout.ownedRatio(source, 0) <= 1 + EPSILON) {
        return false;  // busiest first: no node above its share is left
      }
      for (int shard : layout.shardIds()) {
        if (moved.contains(shard) || !layout.replicas(shard).get(0).equals(source)) {
          continue;
        }
        String promote = cheapestPromotion(layout, shard, source);
        if (promote != null && tryMove(layout, policy, moves, moved, shard, Move.Kind.PROMOTE, source, promote, current)) {
          return true;
        }
        int tried = 0;
        for (String to : targets) {
          if (tried == CANDIDATES || layout.ownedRatio(to, 1) >= layout.ownedRatio(source, 0) - EPSILON) {
            break;  // sorted: the rest are fuller
          }
          if (layout.replicas(shard).contains(to)
              || !layout.keepsZones(shard, source, to)) {
            continue;
          }
          tried++;
          if (tryMove(layout, policy, moves, moved, shard, Move.Kind.OWNER, source, to, current)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Records the move if it lowers the score below {@code current}; leaves the layout as it was if not. */
  private boolean tryMove(Layout layout, PlanPolicy policy, List<Move> moves, Set<Integer> moved, int shard,
      Move.Kind kind, String source, String to, double current) {
    List<String> before = List.copyOf(layout.replicas(shard));
    layout.apply(shard, kind, source, to);
    double after = score(layout, policy);
    layout.undo(shard, before);
    if (after >= current - EPSILON) {
      return false;
    }
    record(layout, policy, moves, moved, shard, kind, source, to, String.format(Locale.ROOT,
        "balance: %s owns %d shards, fair share %.1f", source, layout.owned(source), layout.fairShare(source)));
    return true;
  }

  /** {@code nodes} by owned/fair-share ratio with {@code extra} more shards, emptiest first, ties by id. */
  private static List<String> byOwnedRatio(Layout layout, java.util.Collection<String> nodes, int extra) {
    List<String> sorted = new ArrayList<>(nodes);
    sorted.sort((a, b) -> {
      int byRatio = Double.compare(layout.ownedRatio(a, extra), layout.ownedRatio(b, extra));
      return byRatio != 0 ? byRatio : a.compareTo(b);
    });
    return sorted;
  }

  /** A live replica of {@code shard} that would own it at a lower ratio than {@code source}, or null. */
  private static String cheapestPromotion(Layout layout, int shard, String source) {
    List<String> replicas = layout.replicas(shard);
    String best = null;
    for (int i = 1; i < replicas.size(); i++) {
      String r = replicas.get(i);
      if (layout.targets().contains(r) && layout.ownedRatio(r, 1) < layout.ownedRatio(source, 0) - EPSILON
          && (best == null || layout.ownedRatio(r, 0) < layout.ownedRatio(best, 0) - EPSILON)) {
        best = r;
      }
    }
    return best;
  }

  private void record(Layout layout, PlanPolicy policy, List<Move> moves, Set<Integer> moved, int shard,
      Move.Kind kind, String from, String to, String reason) {
    double before = score(layout, policy);
    layout.apply(shard, kind, from, to);
    moves.add(new Move(shard, kind, from, to, layout.epoch(shard), moves.size() / policy.maxConcurrentMoves(), reason,
        before, score(layout, policy)));
    moved.add(shard);
  }

  private static String emptyReason(PlanInput input, double imbalance, boolean active, List<String> stuck) {
    if (!stuck.isEmpty()) {
      return String.join("; ", stuck);
    }
    if (input.shards().isEmpty()) {
      return "namespace " + input.namespace().getName() + " has no shards";
    }
    if (!active) {
      return String.format(Locale.ROOT, "balanced: imbalance %.2f is not above the %s threshold %.2f", imbalance,
          input.rebalancing() ? "stop" : "start",
          input.rebalancing() ? input.policy().imbalanceStop() : input.policy().imbalanceStart());
    }
    return String.format(Locale.ROOT, "imbalance %.2f, but no move lowers the score (no alive eligible node has "
        + "room, or zones and health forbid every candidate)", imbalance);
  }
}
