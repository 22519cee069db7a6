package io.meshkit.cli;

import io.meshkit.client.RegistryClient;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.NamespacePolicy;
import io.meshkit.proto.v1.RebalanceMode;
import io.meshkit.proto.v1.PlacementConstraints;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * A namespace's settings as {@code ns create} and {@code ns update} take them. Every option is
 * null when not given, so {@link #applyTo} changes only what the command line names: create
 * applies them to an empty namespace, update to the one it read.
 */
final class NamespaceOptions {
  /** How keys map to shards; see HashingStrategy in registry.proto. */
  enum Strategy { rendezvous, ring, ranges }

  @Option(names = "--shards", paramLabel = "N", description = "Number of shards (with ranges: split points + 1).")
  Integer shards;

  @Option(names = "--replicas", paramLabel = "R", description = "Replicas per shard, owner included (1 to 7).")
  Integer replicas;

  @Option(names = "--strategy", paramLabel = "STRATEGY",
      description = "Key → shard mapping: rendezvous (highest random weight), ring (consistent hashing with "
          + "virtual nodes) or ranges (explicit --split-points).")
  Strategy strategy;

  @Option(names = "--virtual-nodes", paramLabel = "V", description = "ring: points per shard, 1 to 1024 (0 = 128).")
  Integer virtualNodes;

  @Option(names = "--split-points", paramLabel = "A,B,...",
      description = "ranges: the keys where shards 1, 2, ... start, increasing (UTF-8 byte order).")
  String splitPoints;

  @Option(names = "--zones", paramLabel = "Z1,Z2", description = "Only nodes in these zones take replicas.")
  String zones;

  @Option(names = "--node-label", paramLabel = "NAME=VALUE",
      description = "Only nodes with this label take replicas; repeat for several (all must match).")
  List<String> nodeLabels;

  @Option(names = "--spread-zones", negatable = true,
      description = "Put a shard's replicas in distinct zones while enough zones have eligible nodes.")
  Boolean spreadZones;

  @Option(names = "--imbalance-start", paramLabel = "F",
      description = "Rebalancer: plan moves above this imbalance (0.2 = the busiest node 20%% above its share).")
  Double imbalanceStart;

  @Option(names = "--imbalance-stop", paramLabel = "F",
      description = "Rebalancer: stop below this imbalance (at most --imbalance-start).")
  Double imbalanceStop;

  @Option(names = "--max-concurrent-moves", paramLabel = "N", description = "Rebalancer: moves in flight at once.")
  Integer maxConcurrentMoves;

  @Option(names = "--cooldown", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Rebalancer: pause between plans, like 30s or 5m.")
  Duration cooldown;

  @Option(names = "--approval-required", negatable = true,
      description = "Rebalancer: same as --rebalance-mode approval (--no-approval-required: auto).")
  Boolean approvalRequired;

  @Option(names = "--rebalance-mode", paramLabel = "MODE",
      description = "Rebalancer: dry-run (plans are shown, never executed), approval (plans wait for "
          + "'shards rebalance approve'; the default) or auto (the controller's plans execute at once).")
  String rebalanceMode;

  @Option(names = "--max-moves-per-plan", paramLabel = "N", description = "Rebalancer: moves in one plan (0 = 32).")
  Integer maxMovesPerPlan;

  @Option(names = "--max-unhealthy-nodes", paramLabel = "N",
      description = "Rebalancer: pause (incident throttle) while more nodes than this are suspect or dead (0 = 1).")
  Integer maxUnhealthyNodes;

  @Option(names = "--relay-replica-fallback", negatable = true,
      description = "Relays: send idempotent requests (GET, HEAD, OPTIONS, PUT, DELETE) for a shard whose owner "
          + "gossip reports dead to a live replica, instead of a fast 503 (--no-relay-replica-fallback: 503).")
  Boolean relayReplicaFallback;

  @Option(names = "--federation-export", negatable = true,
      description = "Federation: standbys and observers replicate this namespace (its record, shards and the nodes) "
          + "from this cluster while it is the primary (--no-federation-export: stop).")
  Boolean federationExport;

  @Option(names = "--scoring-weight", paramLabel = "NAME=W",
      description = "Rebalancer: weight of a scoring adapter (balance, latency, backpressure, errors, or a plugin's); "
          + "repeat for several. Setting any replaces the defaults (balance=1, the others 0.5).")
  List<String> scoringWeights;

  /** Checks what the command line alone can tell; throws {@link UsageException}. */
  void validate() {
    RegistryArguments.list("--split-points", splitPoints);
    RegistryArguments.list("--zones", zones);
    RegistryArguments.labels("--node-label", nodeLabels == null ? List.of() : nodeLabels);
    RegistryArguments.notNegative("--shards", shards);
    RegistryArguments.notNegative("--replicas", replicas);
    RegistryArguments.notNegative("--virtual-nodes", virtualNodes);
    RegistryArguments.notNegative("--max-concurrent-moves", maxConcurrentMoves);
    RegistryArguments.notNegative("--imbalance-start", imbalanceStart);
    RegistryArguments.notNegative("--imbalance-stop", imbalanceStop);
    RegistryArguments.notNegative("--max-moves-per-plan", maxMovesPerPlan);
    RegistryArguments.notNegative("--max-unhealthy-nodes", maxUnhealthyNodes);
    if (rebalanceMode != null && !List.of("dry-run", "approval", "auto").contains(rebalanceMode)) {
      throw new UsageException("--rebalance-mode must be dry-run, approval or auto, not " + rebalanceMode);
    }
    if (strategy != null) {
      checkOptionsFit(strategy);
    }
  }

  /** --virtual-nodes only with ring, --split-points only with ranges. */
  private void checkOptionsFit(Strategy wanted) {
    if (virtualNodes != null && wanted != Strategy.ring) {
      throw new UsageException("--virtual-nodes is for --strategy ring; the strategy is " + wanted);
    }
    if (splitPoints != null && wanted != Strategy.ranges) {
      throw new UsageException("--split-points is for --strategy ranges; the strategy is " + wanted);
    }
  }

  /**
   * {@code base} with every given option applied. With ranges and no --shards, the shard count
   * follows the split points. Throws {@link UsageException} when the resulting hashing is invalid
   * (the server's own checks), naming the fix.
   */
  Namespace applyTo(Namespace base) {
    Namespace.Builder ns = base.toBuilder();
    ns.setHashing(hashing(base.getHashing()));
    if (shards != null) {
      ns.setShardCount(shards);
    } else if (ns.getHashing().hasRanges() && splitPoints != null) {
      ns.setShardCount(ns.getHashing().getRanges().getSplitPointsCount() + 1);
    }
    if (replicas != null) {
      ns.setReplicationFactor(replicas);
    }
    ns.setPlacement(placement(base.getPlacement()));
    ns.setPolicy(policy(base.getPolicy()));
    List<String> problems = RegistryClient.hashingProblems(ns.getHashing(), ns.getShardCount());
    if (!problems.isEmpty()) {
      throw new UsageException(String.join("; ", problems));
    }
    return ns.build();
  }

  private HashingStrategy hashing(HashingStrategy current) {
    Strategy wanted = strategy != null ? strategy
        : current.hasRing() ? Strategy.ring : current.hasRanges() ? Strategy.ranges : Strategy.rendezvous;
    checkOptionsFit(wanted);
    HashingStrategy.Builder h = HashingStrategy.newBuilder();
    switch (wanted) {
      case rendezvous -> h.setRendezvous(HashingStrategy.Rendezvous.getDefaultInstance());
      case ring -> h.setRing(HashingStrategy.Ring.newBuilder().setVirtualNodes(
          virtualNodes != null ? virtualNodes : current.getRing().getVirtualNodes()));
      case ranges -> h.setRanges(splitPoints != null
          ? HashingStrategy.KeyRanges.newBuilder().addAllSplitPoints(RegistryArguments.list("--split-points",
              splitPoints)).build()
          : current.getRanges());
    }
    return h.build();
  }

  private PlacementConstraints placement(PlacementConstraints current) {
    PlacementConstraints.Builder p = current.toBuilder();
    if (zones != null) {
      p.clearZones().addAllZones(RegistryArguments.list("--zones", zones));
    }
    if (nodeLabels != null) {
      p.clearNodeLabels().putAllNodeLabels(RegistryArguments.labels("--node-label", nodeLabels));
    }
    if (spreadZones != null) {
      p.setSpreadZones(spreadZones);
    }
    return p.build();
  }

  private NamespacePolicy policy(NamespacePolicy current) {
    NamespacePolicy.Builder p = current.toBuilder();
    if (imbalanceStart != null) {
      p.setImbalanceStart(imbalanceStart);
    }
    if (imbalanceStop != null) {
      p.setImbalanceStop(imbalanceStop);
    }
    if (maxConcurrentMoves != null) {
      p.setMaxConcurrentMoves(maxConcurrentMoves);
    }
    if (cooldown != null) {
      p.setCooldownMs(cooldown.toMillis());
    }
    if (approvalRequired != null) {
      p.setMode(approvalRequired ? RebalanceMode.REBALANCE_APPROVAL : RebalanceMode.REBALANCE_AUTO);
    }
    if (rebalanceMode != null) {
      p.setMode(switch (rebalanceMode) {
        case "dry-run" -> RebalanceMode.REBALANCE_DRY_RUN;
        case "approval" -> RebalanceMode.REBALANCE_APPROVAL;
        case "auto" -> RebalanceMode.REBALANCE_AUTO;
        default -> throw new UsageException("--rebalance-mode must be dry-run, approval or auto, not " + rebalanceMode);
      });
    }
    if (maxMovesPerPlan != null) {
      p.setMaxMovesPerPlan(maxMovesPerPlan);
    }
    if (maxUnhealthyNodes != null) {
      p.setMaxUnhealthyNodes(maxUnhealthyNodes);
    }
    if (relayReplicaFallback != null) {
      p.setRelayReplicaFallback(relayReplicaFallback);
    }
    if (federationExport != null) {
      p.setFederationExport(federationExport);
    }
    if (scoringWeights != null) {
      p.clearScoringWeights();
      for (String w : scoringWeights) {
        int eq = w.indexOf('=');
        try {
          p.putScoringWeights(w.substring(0, Math.max(0, eq)), Double.parseDouble(w.substring(eq + 1)));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
          throw new UsageException("--scoring-weight takes NAME=WEIGHT, like latency=0.8; got " + w);
        }
        if (eq <= 0) {
          throw new UsageException("--scoring-weight takes NAME=WEIGHT, like latency=0.8; got " + w);
        }
      }
    }
    return p.build();
  }
}
