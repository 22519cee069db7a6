package io.meshkit.sharding;

import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.Namespace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shard → nodes: which eligible nodes should hold a shard, as a pure function of the namespace and
 * the candidates (order-insensitive). Deterministic (no clock, no randomness, StrictMath), so the
 * state machine may call it inside apply.
 *
 * <p>{@link #preference} ranks every candidate for one shard: capacity-weighted rendezvous
 * (strategies rendezvous and ranges) or a walk of a node ring (strategy ring, points per node =
 * virtual nodes × weight). Adding a node only moves shards <em>to</em> it. {@link #initial} places
 * all shards at once, following each shard's preference but keeping every node within its
 * weighted fair share of owners and of replicas, and spreading a shard's replicas over zones when
 * the namespace asks for it.
 */
public final class Placement {

  /** An eligible node: id, zone (may be empty) and capacity weight (> 0). */
  public record Candidate(String id, String zone, double weight) {
    public Candidate {
      if (!(weight > 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException("node " + id + ": capacity weight must be > 0, got " + weight);
      }
    }
  }

  private Placement() {}

  /** Every candidate, most preferred first, for shard {@code shardId} of {@code namespace}. */
  public static List<String> preference(Namespace namespace, int shardId, List<Candidate> candidates) {
    List<Candidate> sorted = candidates.stream().sorted(Comparator.comparing(Candidate::id)).toList();
    long shardHash = StableHash.of(namespace.getName() + "/" + shardId);
    if (namespace.getHashing().getStrategyCase() == HashingStrategy.StrategyCase.RING) {
      return ringWalk(sorted, shardHash, Strategies.virtualNodes(namespace.getHashing().getRing()));
    }
    Map<String, Double> scores = new HashMap<>();
    for (Candidate c : sorted) {
      scores.put(c.id(), Rendezvous.weightedScore(shardHash, c.id(), c.weight()));
    }
    return sorted.stream()
        .sorted(Comparator.comparing((Candidate c) -> scores.get(c.id())).reversed().thenComparing(Candidate::id))
        .map(Candidate::id).toList();
  }

  private static List<String> ringWalk(List<Candidate> sorted, long shardHash, int virtualNodes) {
    if (sorted.isEmpty()) {
      return List.of();
    }
    String[] names = sorted.stream().map(Candidate::id).toArray(String[]::new);
    int[] counts = sorted.stream().mapToInt(c -> (int) Math.max(1, Math.round(virtualNodes * c.weight()))).toArray();
    Ring ring = Ring.of(names, counts);
    Set<String> order = new LinkedHashSet<>();
    int start = ring.firstAtOrAfter(shardHash);
    for (int i = 0; i < ring.size() && order.size() < names.length; i++) {
      order.add(names[ring.ownerAt(start + i)]);
    }
    return List.copyOf(order);
  }

  /**
   * Replicas (owner first) for every shard of {@code namespace} over {@code candidates}:
   * {@code min(replication factor, candidates)} each. Owners and replicas are split by weight
   * ({@link #fairShares}); a shard takes the first nodes of its preference still under their share; with {@code spread_zones}, a shard's replicas take distinct
   * zones while unused zones remain.
   */
  public static Map<Integer, List<String>> initial(Namespace namespace, List<Candidate> candidates) {
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("namespace " + namespace.getName() + " has no eligible node to place on");
    }
    int shards = namespace.getShardCount();
    int replicas = Math.min(Math.max(1, namespace.getReplicationFactor()), candidates.size());
    Map<String, Candidate> byId = new HashMap<>();
    candidates.forEach(c -> byId.put(c.id(), c));
    Map<String, Integer> ownerCap = fairShares(shards, candidates);
    Map<String, Integer> replicaCap = fairShares(shards * replicas, candidates);
    long zones = candidates.stream().map(Candidate::zone).distinct().count();
    boolean spread = namespace.getPlacement().getSpreadZones();
    Map<String, Integer> owned = new HashMap<>();
    Map<String, Integer> held = new HashMap<>();
    Map<Integer, List<String>> placement = new HashMap<>();
    for (int shard = 0; shard < shards; shard++) {
      List<String> ranking = preference(namespace, shard, candidates);
      List<String> picked = new ArrayList<>();
      Set<String> usedZones = new HashSet<>();
      // Pass 0 respects every cap and the zone spread; later passes relax caps, then zones.
      for (int pass = 0; pass < 3 && picked.size() < replicas; pass++) {
        for (String id : ranking) {
          if (picked.size() == replicas) {
            break;
          }
          if (picked.contains(id)) {
            continue;
          }
          boolean withinCaps = held.getOrDefault(id, 0) < replicaCap.get(id)
              && (!picked.isEmpty() || owned.getOrDefault(id, 0) < ownerCap.get(id));
          boolean zoneFree = !spread || usedZones.size() >= zones || !usedZones.contains(byId.get(id).zone());
          if ((pass >= 1 || withinCaps) && (pass >= 2 || zoneFree)) {
            picked.add(id);
            usedZones.add(byId.get(id).zone());
          }
        }
      }
      owned.merge(picked.get(0), 1, Integer::sum);
      for (String id : picked) {
        held.merge(id, 1, Integer::sum);
      }
      placement.put(shard, List.copyOf(picked));
    }
    return placement;
  }

  /**
   * {@code total} split by weight with the largest-remainder method: each node gets the floor of its
   * exact share, and the units left go to the largest fractions (ties: lowest id). Sums to {@code total}.
   */
  static Map<String, Integer> fairShares(int total, List<Candidate> candidates) {
    double totalWeight = candidates.stream().mapToDouble(Candidate::weight).sum();
    Map<String, Integer> shares = new HashMap<>();
    Map<String, Double> fractions = new HashMap<>();
    int given = 0;
    for (Candidate c : candidates) {
      double exact = total * c.weight() / totalWeight;
      int floor = (int) Math.floor(exact);
      shares.put(c.id(), floor);
      fractions.put(c.id(), exact - floor);
      given += floor;
    }
    List<Candidate> byFraction = candidates.stream()
        .sorted(Comparator.comparing((Candidate c) -> fractions.get(c.id())).reversed().thenComparing(Candidate::id))
        .toList();
    for (int i = 0; given < total; i++, given++) {
      shares.merge(byFraction.get(i % byFraction.size()).id(), 1, Integer::sum);
    }
    return shares;
  }
}
