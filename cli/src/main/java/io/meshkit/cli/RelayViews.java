package io.meshkit.cli;

import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegistrySnapshotResponse;
import io.meshkit.proto.v1.Shard;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The documents of the {@code relay} commands. {@link Status}, {@link Backend} and
 * {@link Backpressure} are read from the relay's admin JSON (its field names are their component
 * names: {@code inFlight}, {@code clusterRevision}) and printed with meshctl's conventions of
 * {@link Views} ({@code in_flight}, {@code cluster_revision}).
 */
final class RelayViews {
  private RelayViews() {}

  /**
   * {@code /control/status}: {@code lag} = {@code cluster_revision - revision}; {@code cluster}/{@code epoch}
   * the cluster followed in a federation ("" and 0 otherwise).
   */
  record Status(boolean ready, boolean stale, long revision, long clusterRevision, long lag, int namespaces,
      int shards, int nodes, long inFlight, long queued, long uptimeSeconds, String cluster, long epoch) {}

  /** One backend's load; {@code rejected} counts 503s for a full queue since the relay started. */
  record Backend(String endpoint, int inFlight, int queued, int limit, long rejected) {}

  /** {@code /control/backpressure}: totals and each backend the relay has talked to, by endpoint. */
  record Backpressure(long inFlight, long queued, long rejected, List<Backend> backends) {}

  /** {@code relay status}: both answers, and which relay gave them. */
  record StatusReport(String relay, Status status, Backpressure backpressure) {}

  /** One shard as the relay routes it: to its owner's first data endpoint (null when unknown). */
  record Route(String namespace, int shardId, String owner, String ownerEndpoint, long epoch, List<String> replicas,
      String status) {
    static Route of(Shard s, Map<String, Node> nodes) {
      Node owner = nodes.get(s.getOwner());
      String endpoint = owner == null || owner.getEndpointsCount() == 0 ? null : owner.getEndpoints(0);
      return new Route(s.getNamespace(), s.getShardId(), s.getOwner(), endpoint, s.getEpoch(), s.getReplicasList(),
          RegistryArguments.name(s.getStatus()));
    }
  }

  /** {@code relay routes}: the relay's table at {@code revision}, every shard or one namespace's. */
  record Routes(String relay, long revision, boolean stale, List<Route> routes) {
    /** The table's shards in {@code namespace} (null: all), in the relay's order (namespace, shard id). */
    static Routes of(String relay, RegistrySnapshotResponse table, boolean stale, String namespace) {
      Map<String, Node> nodes = table.getNodesList().stream().collect(Collectors.toMap(Node::getId,
          Function.identity(), (a, b) -> b));
      List<Route> routes = table.getShardsList().stream()
          .filter(s -> namespace == null || s.getNamespace().equals(namespace))
          .map(s -> Route.of(s, nodes)).toList();
      return new Routes(relay, table.getHeader().getRevision(), stale, routes);
    }
  }
}
