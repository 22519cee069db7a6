package io.meshkit.rebalancer.plan;

import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.NodeState;
import io.meshkit.proto.v1.Shard;
import io.meshkit.registry.shards.Eligibility;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The planner's working copy of one namespace's layout: shard → replicas (owner first), with
 * owned and held counts kept in step, so a move is applied and undone in O(replicas).
 *
 * <p>The population (what shards are balanced over) is the active nodes that the namespace's
 * placement admits and gossip does not report dead; fair shares split the shards that are not
 * pinned on cordoned nodes by capacity weight over it. Targets are the population's ALIVE nodes.
 */
final class Layout implements LayoutView {
  private final TreeMap<Integer, List<String>> replicas = new TreeMap<>();
  private final Map<Integer, Long> epochs = new TreeMap<>();
  private final Map<String, Node> nodes = new TreeMap<>();
  private final Map<String, PeerHealth> health;
  private final SortedSet<String> population = new TreeSet<>();
  private final SortedSet<String> targets = new TreeSet<>();
  private final Map<String, Integer> owned = new TreeMap<>();
  private final Map<String, Integer> held = new TreeMap<>();
  private final Map<String, Double> fair = new TreeMap<>();
  private final Map<String, Double> fairHeld = new TreeMap<>();
  private final boolean spreadZones;

  Layout(PlanInput input) {
    this.health = input.health();
    this.spreadZones = input.namespace().getPlacement().getSpreadZones();
    input.nodes().forEach(n -> nodes.put(n.getId(), n));
    for (Shard s : input.shards()) {
      replicas.put(s.getShardId(), new ArrayList<>(s.getReplicasList()));
      epochs.put(s.getShardId(), s.getEpoch());
      s.getReplicasList().forEach(id -> held.merge(id, 1, Integer::sum));
      if (!s.getReplicasList().isEmpty()) {
        owned.merge(s.getReplicasList().get(0), 1, Integer::sum);
      }
    }
    for (Node n : Eligibility.eligible(input.namespace(), input.nodes())) {
      Liveness liveness = health(n.getId()).liveness();
      if (liveness != Liveness.DEAD) {
        population.add(n.getId());
      }
      if (liveness == Liveness.ALIVE) {
        targets.add(n.getId());
      }
    }
    int pinned = 0;
    int pinnedHeld = 0;
    for (Node n : input.nodes()) {
      if (n.getState() == NodeState.NODE_CORDONED) {
        pinned += owned(n.getId());
        pinnedHeld += held(n.getId());
      }
    }
    double totalWeight = population.stream().mapToDouble(id -> Eligibility.weight(nodes.get(id))).sum();
    int allHeld = held.values().stream().mapToInt(Integer::intValue).sum();
    for (String id : population) {
      double share = Eligibility.weight(nodes.get(id)) / totalWeight;
      fair.put(id, (replicas.size() - pinned) * share);
      fairHeld.put(id, (allHeld - pinnedHeld) * share);
    }
  }

  @Override
  public int shardCount() {
    return replicas.size();
  }

  @Override
  public SortedSet<String> population() {
    return Collections.unmodifiableSortedSet(population);
  }

  @Override
  public int owned(String node) {
    return owned.getOrDefault(node, 0);
  }

  @Override
  public double fairShare(String node) {
    return fair.getOrDefault(node, 0.0);
  }

  @Override
  public PeerHealth health(String node) {
    PeerHealth h = health.get(node);
    return h == null ? PeerHealth.unknown(node) : h;
  }

  int held(String node) {
    return held.getOrDefault(node, 0);
  }

  /** Replicas held against the node's fair share of all replicas (lower = emptier). */
  double heldRatio(String node, int extra) {
    return (held(node) + extra) / Math.max(1e-9, fairHeld.getOrDefault(node, 0.0));
  }

  /** Owned shards against the fair share (lower = emptier). */
  double ownedRatio(String node, int extra) {
    return (owned(node) + extra) / Math.max(1e-9, fairShare(node));
  }

  /** How far the busiest population node owns above its fair share (0 = at or below everywhere). */
  double imbalance() {
    double worst = 0;
    for (String id : population) {
      if (fairShare(id) > 0) {
        worst = Math.max(worst, owned(id) / fairShare(id) - 1);
      }
    }
    return worst;
  }

  SortedSet<String> targets() {
    return Collections.unmodifiableSortedSet(targets);
  }

  /** Shard ids, ascending. */
  Set<Integer> shardIds() {
    return Collections.unmodifiableSet(replicas.navigableKeySet());
  }

  List<String> replicas(int shard) {
    return Collections.unmodifiableList(replicas.get(shard));
  }

  long epoch(int shard) {
    return epochs.get(shard);
  }

  Node node(String id) {
    return nodes.get(id);
  }

  /**
   * Whether replacing {@code from} by {@code to} keeps the zone spread the namespace asks for: true
   * without {@code spread_zones}, else when the shard's replicas span no fewer zones afterwards.
   */
  boolean keepsZones(int shard, String from, String to) {
    return !spreadZones || zonesAfter(shard, from, to) >= zonesAfter(shard, "", "");
  }

  /** Distinct zones among the shard's replicas if {@code from} were replaced by {@code to}. */
  private int zonesAfter(int shard, String from, String to) {
    Set<String> zones = new HashSet<>();
    for (String r : replicas.get(shard)) {
      zones.add(zone(r.equals(from) ? to : r));
    }
    return zones.size();
  }

  private String zone(String node) {
    Node n = nodes.get(node);
    return n == null ? "" : n.getZone();
  }

  /** Applies {@code kind} for shard: see {@link Move.Kind}. Undo with {@link #undo}. */
  void apply(int shard, Move.Kind kind, String from, String to) {
    List<String> r = replicas.get(shard);
    String ownerBefore = r.get(0);
    switch (kind) {
      case PROMOTE -> {
        r.remove(to);
        r.add(0, to);
      }
      case OWNER, REPLICA -> {
        r.set(r.indexOf(from), to);
        held.merge(from, -1, Integer::sum);
        held.merge(to, 1, Integer::sum);
      }
      default -> throw new IllegalStateException("unknown move kind " + kind);
    }
    owned.merge(ownerBefore, -1, Integer::sum);
    owned.merge(r.get(0), 1, Integer::sum);
  }

  /** Reverts {@link #apply}{@code (shard, kind, from, to)} made with {@code before} as the replicas. */
  void undo(int shard, List<String> before) {
    List<String> r = replicas.get(shard);
    owned.merge(r.get(0), -1, Integer::sum);
    for (String id : r) {
      held.merge(id, -1, Integer::sum);
    }
    r.clear();
    r.addAll(before);
    owned.merge(r.get(0), 1, Integer::sum);
    for (String id : r) {
      held.merge(id, 1, Integer::sum);
    }
  }
}
