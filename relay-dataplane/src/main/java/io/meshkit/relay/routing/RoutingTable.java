package io.meshkit.relay.routing;

import io.meshkit.proto.v1.ClusterDescriptor;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegistryEvent;
import io.meshkit.proto.v1.RegistryObject;
import io.meshkit.proto.v1.RegistrySnapshotResponse;
import io.meshkit.proto.v1.Shard;
import io.meshkit.sharding.ShardMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry at one revision, immutable: namespaces with their key → shard map, each shard's owner
 * and replicas, every node. A change makes a new table ({@link #apply}); whoever holds a table keeps
 * a consistent view of one revision however the registry moves on.
 *
 * <p>Revisions only grow: {@link #apply} and {@link #advance} ignore anything at or below the table's
 * own revision, so a table refreshed from a newer snapshot is never taken back by a late watch event.
 *
 * <p>In a federation each cluster numbers its own revisions, so a table also names the cluster it was
 * read from and that cluster's epoch ({@link #epoch}: the epoch at which it last became primary, 0 for
 * a cluster never promoted or not federated); tables are ordered by (epoch, revision)
 * ({@link #newerThan}). A relay only switches to a cluster of a higher epoch, so its tables never go
 * back in that order across a failover either.
 */
public final class RoutingTable {
  /** One namespace: its record, its key → shard map, its shards by id (null where missing). */
  private record Routes(Namespace namespace, ShardMap map, Shard[] shards) {}

  private final long revision;
  /** {@link #revision} as decimal text, made once: the relay stamps it on every answer. */
  private final String revisionText;
  private final Map<String, Routes> namespaces;
  private final Map<String, Node> nodes;
  /**
   * Routes built so far, by namespace and shard id: a table never changes, so each route is built once
   * per table, not per request. Filled lazily from any thread; a route built twice in a race is equal.
   */
  private final Map<String, Route[]> built = new ConcurrentHashMap<>();
  /** The cluster read from ("" before the first snapshot, or from a server that does not say). */
  private final String cluster;
  /** The federation's descriptors as that cluster knows them, by id (empty when not federated). */
  private final Map<String, ClusterDescriptor> clusters;
  /** {@link #cluster}'s epoch in its own descriptor (0 when there is none), and as decimal text. */
  private final long epoch;
  private final String epochText;

  private RoutingTable(long revision, Map<String, Routes> namespaces, Map<String, Node> nodes, String cluster,
      Map<String, ClusterDescriptor> clusters) {
    this.revision = revision;
    this.revisionText = Long.toString(revision);
    this.namespaces = namespaces;
    this.nodes = nodes;
    this.cluster = cluster;
    this.clusters = clusters;
    ClusterDescriptor self = clusters.get(cluster);
    this.epoch = self == null ? 0 : self.getEpoch();
    this.epochText = Long.toString(epoch);
  }

  /** An empty table at revision 0, before the first snapshot. */
  public static RoutingTable empty() {
    return new RoutingTable(0, Map.of(), Map.of(), "", Map.of());
  }

  /**
   * The table of a snapshot (at its header's revision).
   *
   * @throws IllegalArgumentException when a namespace's hashing is invalid (the registry refuses
   *     such namespaces; a corrupt last-known-good file could hold one)
   */
  public static RoutingTable of(RegistrySnapshotResponse snapshot) {
    Map<String, Routes> namespaces = new HashMap<>();
    for (Namespace ns : snapshot.getNamespacesList()) {
      namespaces.put(ns.getName(), routes(ns, null));
    }
    for (Shard s : snapshot.getShardsList()) {
      Routes r = namespaces.get(s.getNamespace());
      if (r != null && s.getShardId() >= 0 && s.getShardId() < r.shards().length) {
        r.shards()[s.getShardId()] = s;
      }
    }
    Map<String, Node> nodes = new HashMap<>();
    snapshot.getNodesList().forEach(n -> nodes.put(n.getId(), n));
    Map<String, ClusterDescriptor> clusters = new HashMap<>();
    snapshot.getClustersList().forEach(c -> clusters.put(c.getId(), c));
    return new RoutingTable(snapshot.getHeader().getRevision(), namespaces, nodes, snapshot.getCluster(), clusters);
  }

  /** A namespace's routes, keeping the shards of {@code previous} when its mapping did not change. */
  private static Routes routes(Namespace ns, Routes previous) {
    boolean sameMapping = previous != null && previous.namespace().getHashing().equals(ns.getHashing())
        && previous.namespace().getShardCount() == ns.getShardCount();
    return sameMapping ? new Routes(ns, previous.map(), previous.shards())
        : new Routes(ns, ShardMap.of(ns), new Shard[ns.getShardCount()]);
  }

  public long revision() {
    return revision;
  }

  /** {@link #revision()} as decimal text. */
  public String revisionText() {
    return revisionText;
  }

  /** The cluster this table was read from (its name, the id of its descriptor); "" when unknown. */
  public String cluster() {
    return cluster;
  }

  /** The epoch of {@link #cluster()} as its own descriptor says; 0 when not federated or never promoted. */
  public long epoch() {
    return epoch;
  }

  /** {@link #epoch()} as decimal text. */
  public String epochText() {
    return epochText;
  }

  /** The federation's descriptors as {@link #cluster()} knows them (empty when not federated). */
  public Collection<ClusterDescriptor> clusters() {
    return clusters.values();
  }

  /** Later than {@code other} in (epoch, revision) order: a higher epoch, or the same and a higher revision. */
  public boolean newerThan(RoutingTable other) {
    return epoch() != other.epoch() ? epoch() > other.epoch() : revision > other.revision;
  }

  /** The route of {@code key} in {@code namespace}; empty for an unknown namespace or a shard not created. */
  public Optional<Route> route(String namespace, String key) {
    Routes r = namespaces.get(namespace);
    return r == null ? Optional.empty() : route(r, r.map().shardOf(key));
  }

  /** The route of one shard. */
  public Optional<Route> route(String namespace, int shardId) {
    Routes r = namespaces.get(namespace);
    return r == null || shardId < 0 || shardId >= r.shards().length ? Optional.empty() : route(r, shardId);
  }

  private Optional<Route> route(Routes r, int shardId) {
    Shard s = r.shards()[shardId];
    if (s == null) {
      return Optional.empty();
    }
    Route[] routes = built.computeIfAbsent(r.namespace().getName(), name -> new Route[r.shards().length]);
    Route route = routes[shardId];
    if (route == null) {
      route = build(r, s);
      routes[shardId] = route;  // a Route is immutable (final fields): safe to publish through a race
    }
    return Optional.of(route);
  }

  private Route build(Routes r, Shard s) {
    Node owner = nodes.getOrDefault(s.getOwner(), Node.newBuilder().setId(s.getOwner()).build());
    List<Node> replicas = new ArrayList<>();
    for (String id : s.getReplicasList()) {
      Node n = nodes.get(id);
      if (n != null && !id.equals(s.getOwner())) {
        replicas.add(n);
      }
    }
    return new Route(r.namespace().getName(), s.getShardId(), s.getEpoch(), owner, replicas, revision);
  }

  public Optional<Namespace> namespace(String name) {
    return Optional.ofNullable(namespaces.get(name)).map(Routes::namespace);
  }

  /** The node one of whose data endpoints is {@code endpoint} (a linear scan: not for the request path). */
  public Optional<String> nodeWithEndpoint(String endpoint) {
    return nodes.values().stream().filter(n -> n.getEndpointsList().contains(endpoint)).map(Node::getId).findFirst();
  }

  public Optional<Node> node(String id) {
    return Optional.ofNullable(nodes.get(id));
  }

  /**
   * The table after the events of {@code eventRevision} (one revision's events, in order); this
   * table itself when the revision is not above its own. Copy on write: only what changed is copied.
   */
  public RoutingTable apply(long eventRevision, List<RegistryEvent> events) {
    if (eventRevision <= revision) {
      return this;
    }
    Map<String, Routes> ns = new HashMap<>(namespaces);
    Map<String, Node> nd = nodes;
    Map<String, ClusterDescriptor> cl = clusters;
    Map<String, Shard[]> copied = new HashMap<>();
    for (RegistryEvent e : events) {
      RegistryObject o = e.getObject();
      boolean delete = e.getType() == RegistryEvent.Type.DELETE;
      switch (o.getObjectCase()) {
        case NAMESPACE -> {
          String name = o.getNamespace().getName();
          if (delete) {
            ns.remove(name);
          } else {
            Routes next = routes(o.getNamespace(), ns.get(name));
            ns.put(name, next);
            if (copied.containsKey(name) && next.shards() != copied.get(name)) {
              copied.remove(name);  // a new mapping: the shards start over
            }
          }
        }
        case SHARD -> {
          Shard s = o.getShard();
          Routes r = ns.get(s.getNamespace());
          if (r == null || s.getShardId() < 0 || s.getShardId() >= r.shards().length) {
            continue;
          }
          Shard[] shards = copied.computeIfAbsent(s.getNamespace(), k -> r.shards().clone());
          if (shards != r.shards()) {
            ns.put(s.getNamespace(), new Routes(r.namespace(), r.map(), shards));
          }
          shards[s.getShardId()] = delete ? null : s;
        }
        case NODE -> nd = changed(nd, nodes, o.getNode().getId(), delete ? null : o.getNode());
        case CLUSTER -> cl = changed(cl, clusters, o.getCluster().getId(), delete ? null : o.getCluster());
        default -> { }
      }
    }
    return new RoutingTable(eventRevision, ns, nd, cluster, cl);
  }

  /**
   * {@code current} with {@code id} set to {@code value} (removed when null), copied first while it is
   * still the {@code original} of the table being changed (copy on write).
   */
  private static <T> Map<String, T> changed(Map<String, T> current, Map<String, T> original, String id, T value) {
    Map<String, T> next = current == original ? new HashMap<>(original) : current;
    if (value == null) {
      next.remove(id);
    } else {
      next.put(id, value);
    }
    return next;
  }

  /** The same routes, known to hold up to {@code upTo} (a watch's progress); this table if not newer. */
  public RoutingTable advance(long upTo) {
    return upTo <= revision ? this : new RoutingTable(upTo, namespaces, nodes, cluster, clusters);
  }

  /** The table as a snapshot: for the last-known-good file and {@code /control/routes}. */
  public RegistrySnapshotResponse toSnapshot() {
    RegistrySnapshotResponse.Builder b = RegistrySnapshotResponse.newBuilder();
    b.getHeaderBuilder().setRevision(revision);
    for (Routes r : new TreeMap<>(namespaces).values()) {
      b.addNamespaces(r.namespace());
      for (Shard s : r.shards()) {
        if (s != null) {
          b.addShards(s);
        }
      }
    }
    new TreeMap<>(nodes).values().forEach(b::addNodes);
    new TreeMap<>(clusters).values().forEach(b::addClusters);
    return b.setCluster(cluster).build();
  }
}
