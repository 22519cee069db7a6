package io.meshkit.cli;

import io.meshkit.proto.v1.AuditChange;
import io.meshkit.proto.v1.AuditRecord;
import io.meshkit.proto.v1.DiffResponse;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.MutationResponse;
import io.meshkit.proto.v1.RegistryEvent;
import io.meshkit.proto.v1.RegistryObject;
import io.meshkit.proto.v1.ShardChange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The documents of the {@code ns}, {@code shards}, {@code nodes} and {@code audit} commands for
 * {@code -o json|yaml}, with the conventions of {@link Views}: proto field names, nulls left out.
 * Enums are the lower-case names the options take ({@code active}, {@code cordoned},
 * {@code rendezvous}); durations are milliseconds ({@code cooldown_ms}), as in the API.
 *
 * <p>{@link Fields} is what a before → after change compares: each object's operator-facing
 * fields in a fixed order, without the bookkeeping (revisions, version).
 */
final class RegistryViews {
  private RegistryViews() {}

  /** An object's compared fields, name → display text, in display order. */
  interface Fields {
    Map<String, String> fields();
  }

  record Placement(List<String> zones, Map<String, String> nodeLabels, boolean spreadZones) {}

  /** Zero fields mean the rebalancer's defaults (docs/rebalancer.md). */
  record Policy(double imbalanceStart, double imbalanceStop, int maxConcurrentMoves, long cooldownMs,
      String rebalanceMode, int maxMovesPerPlan, int maxUnhealthyNodes, Map<String, Double> scoringWeights,
      boolean relayReplicaFallback, boolean federationExport) {}

  /** A namespace; {@code virtual_nodes} only for ring, {@code split_points} only for ranges. */
  record NamespaceInfo(String name, String strategy, Integer virtualNodes, List<String> splitPoints, int shardCount,
      int replicationFactor, Placement placement, Policy policy, boolean shardsCreated, long createRevision,
      long modRevision, long version, String replicatedFrom) implements Fields {
    static NamespaceInfo of(io.meshkit.proto.v1.Namespace n) {
      HashingStrategy h = n.getHashing();
      return new NamespaceInfo(n.getName(), strategyName(h), h.hasRing() ? h.getRing().getVirtualNodes() : null,
          h.hasRanges() ? h.getRanges().getSplitPointsList() : null, n.getShardCount(), n.getReplicationFactor(),
          new Placement(n.getPlacement().getZonesList(), new TreeMap<>(n.getPlacement().getNodeLabelsMap()),
              n.getPlacement().getSpreadZones()),
          new Policy(n.getPolicy().getImbalanceStart(), n.getPolicy().getImbalanceStop(),
              n.getPolicy().getMaxConcurrentMoves(), n.getPolicy().getCooldownMs(),
              n.getPolicy().getMode() == io.meshkit.proto.v1.RebalanceMode.REBALANCE_MODE_UNSPECIFIED ? "approval"
                  : RebalanceViews.word(n.getPolicy().getMode(), "REBALANCE_"),
              n.getPolicy().getMaxMovesPerPlan(), n.getPolicy().getMaxUnhealthyNodes(),
              new java.util.TreeMap<>(n.getPolicy().getScoringWeightsMap()), n.getPolicy().getRelayReplicaFallback(),
              n.getPolicy().getFederationExport()),
          n.getShardsCreated(), n.getCreateRevision(), n.getModRevision(), n.getVersion(), n.getReplicatedFrom());
    }

    @Override
    public Map<String, String> fields() {
      Map<String, String> f = new LinkedHashMap<>();
      f.put("strategy", strategy + (virtualNodes != null ? " (" + virtualNodes + " virtual nodes)" : "")
          + (splitPoints != null ? " " + String.join(",", splitPoints) : ""));
      f.put("shards", Integer.toString(shardCount));
      f.put("replicas", Integer.toString(replicationFactor));
      f.put("zones", RegistryText.list(placement.zones()));
      f.put("node_labels", RegistryText.labels(placement.nodeLabels()));
      f.put("spread_zones", Boolean.toString(placement.spreadZones()));
      f.put("imbalance", policy.imbalanceStart() + "/" + policy.imbalanceStop());
      f.put("max_concurrent_moves", Integer.toString(policy.maxConcurrentMoves()));
      f.put("cooldown", LeadershipText.duration(policy.cooldownMs()));
      f.put("rebalance_mode", policy.rebalanceMode());
      f.put("max_moves_per_plan", Integer.toString(policy.maxMovesPerPlan()));
      f.put("max_unhealthy_nodes", Integer.toString(policy.maxUnhealthyNodes()));
      if (!policy.scoringWeights().isEmpty()) {
        f.put("scoring_weights", policy.scoringWeights().toString());
      }
      f.put("relay_replica_fallback", Boolean.toString(policy.relayReplicaFallback()));
      f.put("federation_export", Boolean.toString(policy.federationExport()));
      if (!replicatedFrom.isEmpty()) {
        f.put("replicated_from", replicatedFrom);
      }
      f.put("shards_created", Boolean.toString(shardsCreated));
      return f;
    }
  }

  static String strategyName(HashingStrategy h) {
    return switch (h.getStrategyCase()) {
      case RENDEZVOUS -> "rendezvous";
      case RING -> "ring";
      case RANGES -> "ranges";
      case STRATEGY_NOT_SET -> "unset";
    };
  }

  record ShardInfo(String namespace, int shardId, String owner, List<String> replicas, String status, long epoch,
      long createRevision, long modRevision, long version) implements Fields {
    static ShardInfo of(io.meshkit.proto.v1.Shard s) {
      return new ShardInfo(s.getNamespace(), s.getShardId(), s.getOwner(), s.getReplicasList(),
          RegistryArguments.name(s.getStatus()), s.getEpoch(), s.getCreateRevision(), s.getModRevision(),
          s.getVersion());
    }

    @Override
    public Map<String, String> fields() {
      Map<String, String> f = new LinkedHashMap<>();
      f.put("owner", owner);
      f.put("replicas", RegistryText.list(replicas));
      f.put("status", status);
      f.put("epoch", Long.toString(epoch));
      return f;
    }

    String target() {
      return "shard/" + namespace + "/" + shardId;
    }
  }

  record NodeInfo(String id, List<String> endpoints, String zone, Map<String, String> labels, double capacityWeight,
      String state, long registeredRevision, long modRevision, long version, String replicatedFrom)
      implements Fields {
    static NodeInfo of(io.meshkit.proto.v1.Node n) {
      return new NodeInfo(n.getId(), n.getEndpointsList(), n.getZone(), new TreeMap<>(n.getLabelsMap()),
          n.getCapacityWeight(), RegistryArguments.name(n.getState()), n.getRegisteredRevision(), n.getModRevision(),
          n.getVersion(), n.getReplicatedFrom());
    }

    @Override
    public Map<String, String> fields() {
      Map<String, String> f = new LinkedHashMap<>();
      f.put("state", state);
      f.put("endpoints", RegistryText.list(endpoints));
      f.put("zone", zone.isEmpty() ? "-" : zone);
      f.put("labels", RegistryText.labels(labels));
      f.put("weight", RegistryText.number(capacityWeight));
      if (!replicatedFrom.isEmpty()) {
        f.put("replicated_from", replicatedFrom);
      }
      return f;
    }
  }

  /** One registry object: exactly one of the four is set. */
  record ObjectInfo(NamespaceInfo namespace, ShardInfo shard, NodeInfo node, ClusterViews.ClusterInfo cluster) {
    ObjectInfo(ShardInfo shard) {
      this(null, shard, null, null);
    }

    /** Null for an absent object. */
    static ObjectInfo of(RegistryObject o) {
      return switch (o.getObjectCase()) {
        case NAMESPACE -> new ObjectInfo(NamespaceInfo.of(o.getNamespace()), null, null, null);
        case SHARD -> new ObjectInfo(ShardInfo.of(o.getShard()));
        case NODE -> new ObjectInfo(null, null, NodeInfo.of(o.getNode()), null);
        case CLUSTER -> new ObjectInfo(null, null, null, ClusterViews.ClusterInfo.of(o.getCluster()));
        case OBJECT_NOT_SET -> null;
      };
    }

    Fields content() {
      return namespace != null ? namespace : shard != null ? shard : node != null ? node : cluster;
    }

    /** {@code namespace/NAME}, {@code shard/NS/ID}, {@code node/ID}, {@code cluster/ID}, as the audit names them. */
    String target() {
      return namespace != null ? "namespace/" + namespace.name() : shard != null ? shard.target()
          : node != null ? "node/" + node.id() : "cluster/" + cluster.id();
    }
  }

  /** One target's change: {@code before} null = created, {@code after} null = deleted. */
  record Change(String target, ObjectInfo before, ObjectInfo after) {
    static Change of(AuditChange c) {
      return new Change(c.getTarget(), c.hasBefore() ? ObjectInfo.of(c.getBefore()) : null,
          c.hasAfter() ? ObjectInfo.of(c.getAfter()) : null);
    }

    static Change of(ShardChange c) {
      ShardInfo before = c.hasBefore() ? ShardInfo.of(c.getBefore()) : null;
      ShardInfo after = c.hasAfter() ? ShardInfo.of(c.getAfter()) : null;
      return new Change("shard/" + c.getNamespace() + "/" + c.getShardId(),
          before == null ? null : new ObjectInfo(before), after == null ? null : new ObjectInfo(after));
    }
  }

  record Audit(long revision, long applyTimeUnixMs, String actor, String action, String reason, String changeTicket,
      List<Change> changes) {
    static Audit of(AuditRecord r) {
      return new Audit(r.getRevision(), r.getApplyTimeUnixMs(), r.getActor(), r.getAction(), r.getReason(),
          r.getChangeTicket(), r.getChangesList().stream().map(Change::of).toList());
    }
  }

  /** What a mutation did, or with {@code dry_run} would do (then the audit's revision is 0). */
  record Mutation(Views.Header header, boolean dryRun, Audit audit) {
    static Mutation of(MutationResponse r) {
      return new Mutation(Views.Header.of(r.getHeader()), r.getDryRun(), Audit.of(r.getAudit()));
    }
  }

  record NamespaceDetail(Views.Header header, NamespaceInfo namespace) {}

  record NamespaceList(Views.Header header, List<NamespaceInfo> namespaces) {}

  record ShardDetail(Views.Header header, ShardInfo shard) {}

  /** Pages of one listing may come from different revisions; the header is the last page's. */
  record ShardList(List<ShardInfo> shards) {}

  record NodeDetail(Views.Header header, NodeInfo node) {}

  record NodeList(Views.Header header, List<NodeInfo> nodes) {}

  /** {@code shards resolve}: the key's shard and its owner's node record (null if not registered). */
  record Resolution(Views.Header header, String key, ShardInfo shard, NodeInfo owner) {}

  /** Shards whose owner or status differs between the two revisions. */
  record Diff(Views.Header header, long fromRevision, long toRevision, List<Change> changes) {
    static Diff of(DiffResponse r) {
      return new Diff(Views.Header.of(r.getHeader()), r.getFromRevision(), r.getToRevision(),
          r.getChangesList().stream().map(Change::of).toList());
    }
  }

  record AuditList(List<Audit> records) {}

  /**
   * One line of {@code shards watch}: a change ({@code PUT}/{@code DELETE} of {@code target}, the
   * object after it, or before it for a delete) or progress ({@code PROGRESS}).
   */
  record WatchLine(String type, long revision, String target, ObjectInfo object) {
    static WatchLine of(long revision, RegistryEvent e) {
      ObjectInfo object = ObjectInfo.of(e.getObject());
      return new WatchLine(e.getType().name(), revision, object == null ? null : object.target(), object);
    }

    static WatchLine progress(long revision) {
      return new WatchLine("PROGRESS", revision, null, null);
    }
  }
}
