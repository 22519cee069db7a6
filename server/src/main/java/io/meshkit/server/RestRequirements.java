package io.meshkit.server;

import io.meshkit.access.rbac.Apis;
import io.meshkit.access.rbac.Requirement;
import io.meshkit.proto.v1.Access;
import java.util.List;
import java.util.Map;

/**
 * What each REST route of the admin server needs — the REST mirror of
 * {@link io.meshkit.access.rbac.CallRequirements}: GET reads, anything else writes; the resource is
 * the namespace (or cluster id) when the path or query names it, else the whole API. A namespace that
 * only the body names (POST /control/namespaces) therefore needs the whole registry over REST; the
 * gRPC call is judged by its namespace.
 */
final class RestRequirements {
  private RestRequirements() {}

  static List<Requirement> of(String method, List<String> path, Map<String, String> query) {
    Access access = method.equals("GET") || method.equals("HEAD") ? Access.READ : Access.WRITE;
    String root = path.isEmpty() ? "" : path.get(0);
    String what = path.size() > 1 ? path.get(1) : "";
    String third = path.size() > 2 ? path.get(2) : "";
    if (root.equals("meshkit") && what.equals("rebalance-plans")) {
      return List.of(Requirement.of(Apis.REBALANCE, access, query.getOrDefault("namespace", "")));
    }
    return switch (what) {
      case "namespaces", "shards" -> List.of(Requirement.of(Apis.REGISTRY, access,
          third.isEmpty() ? query.getOrDefault("namespace", "") : third));
      case "resolve", "snapshot", "diff" -> List.of(Requirement.of(Apis.REGISTRY, access,
          query.getOrDefault("namespace", "")));
      case "peers" -> List.of(Requirement.of(Apis.MEMBERSHIP, access, ""));
      case "clusters" -> third.equals("failover") ? List.of(Requirement.of(Apis.FAILOVER, Access.WRITE, ""))
          : List.of(Requirement.of(Apis.FEDERATION, access, access == Access.READ ? third : ""));
      case "policy", "config" -> List.of(Requirement.of(Apis.CLUSTER, Access.READ, ""));
      case "replication" -> List.of(Requirement.of(Apis.FEDERATION, Access.READ, ""));
      case "events" -> List.of(Requirement.of(Apis.ELECTION, Access.READ, query.getOrDefault("scope", "")));
      default -> List.of(Requirement.of(Apis.REGISTRY, access, ""));
    };
  }
}
