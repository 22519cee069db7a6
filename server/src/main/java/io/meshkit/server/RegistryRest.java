package io.meshkit.server;

import com.google.protobuf.Message;
import com.sun.net.httpserver.HttpExchange;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.v1.AssignShardRequest;
import io.meshkit.proto.v1.ChangeInfo;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.CreateShardsRequest;
import io.meshkit.proto.v1.DeleteNamespaceRequest;
import io.meshkit.proto.v1.DiffRequest;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.GetNamespaceRequest;
import io.meshkit.proto.v1.GetNodeRequest;
import io.meshkit.proto.v1.GetShardRequest;
import io.meshkit.proto.v1.ListAuditRequest;
import io.meshkit.proto.v1.ListNamespacesRequest;
import io.meshkit.proto.v1.ListNodesRequest;
import io.meshkit.proto.v1.ListShardsRequest;
import io.meshkit.proto.v1.NodeState;
import io.meshkit.proto.v1.RegisterNodeRequest;
import io.meshkit.proto.v1.ResolveKeyRequest;
import io.meshkit.proto.v1.SetNodeStateRequest;
import io.meshkit.proto.v1.SetShardStatusRequest;
import io.meshkit.proto.v1.ShardStatus;
import io.meshkit.proto.v1.TransferShardRequest;
import io.meshkit.proto.v1.UpdateNamespaceRequest;
import io.meshkit.proto.v1.UpdateNodeRequest;
import io.meshkit.raft.MeshException;
import io.meshkit.registry.shards.RegistryService;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The REST mirror of {@code meshkit.v1.Registry} under {@code /control/}: the same service methods
 * as gRPC, with the request and response messages in Protobuf's canonical JSON (field names as in
 * the .proto). Errors are {@code ErrorDetail} JSON ({@code code, message, hint}) with the HTTP status
 * grpc-gateway would give their gRPC status.
 *
 * <pre>
 * GET  /control/namespaces                 GET /control/namespaces/{name}
 * POST /control/namespaces                 (CreateNamespaceRequest)
 * PUT  /control/namespaces/{name}          (UpdateNamespaceRequest)
 * DELETE /control/namespaces/{name}        (body optional: DeleteNamespaceRequest)
 * POST /control/namespaces/{name}/shards   (CreateShardsRequest, body optional)
 * GET  /control/shards?namespace=&amp;owner=&amp;status=&amp;limit=&amp;page_token=
 * GET  /control/shards/{namespace}/{id}
 * POST /control/shards/{namespace}/{id}/assign|transfer|status   (the matching request)
 * GET  /control/resolve?namespace=&amp;key=
 * GET  /control/snapshot?namespace=        namespaces, shards and nodes at one revision
 * GET  /control/nodes?state=               GET /control/nodes/{id}
 * POST /control/nodes                      (RegisterNodeRequest)
 * PUT  /control/nodes/{id}                 (UpdateNodeRequest)
 * POST /control/nodes/{id}/cordon|uncordon|drain|decommission   (body optional: ChangeInfo)
 * GET  /control/diff?from=&amp;to=&amp;namespace=        GET /control/audit?from=&amp;limit=&amp;target=
 * </pre>
 * Every GET takes {@code serializable=true}; every mutation takes {@code dry_run} in its body or
 * {@code ?dry_run=true}.
 */
final class RegistryRest {
  
  private final RegistryService registry;
  private final Duration timeout;

  RegistryRest(RegistryService registry, Duration timeout) {
    this.registry = registry;
    this.timeout = timeout;
  }

  void handle(HttpExchange ex) throws IOException {
    RestRequests.answer(ex, timeout, () -> route(ex));
  }

  private CompletableFuture<? extends Message> route(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    List<String> path = RestRequests.segments(ex.getRequestURI().getRawPath());
    Map<String, String> query = RestRequests.query(ex.getRequestURI().getRawQuery());
    boolean serializable = Boolean.parseBoolean(query.getOrDefault("serializable", "false"));
    String what = path.size() > 1 ? path.get(1) : "";
    int n = path.size();
    switch (what) {
      case "namespaces" -> {
        if (method.equals("GET") && n == 2) {
          return registry.listNamespaces(ListNamespacesRequest.newBuilder().setSerializable(serializable).build());
        }
        if (method.equals("GET") && n == 3) {
          return registry.getNamespace(GetNamespaceRequest.newBuilder().setName(path.get(2))
              .setSerializable(serializable).build());
        }
        if (method.equals("POST") && n == 2) {
          CreateNamespaceRequest.Builder b = RestRequests.body(ex, CreateNamespaceRequest.newBuilder());
          return registry.mutate(Command.newBuilder().setCreateNamespace(b).build(), dryRun(query));
        }
        if (method.equals("PUT") && n == 3) {
          UpdateNamespaceRequest.Builder b = RestRequests.body(ex, UpdateNamespaceRequest.newBuilder());
          b.getNamespaceBuilder().setName(RestRequests.samePath("namespace name", path.get(2), b.getNamespace().getName()));
          return registry.mutate(Command.newBuilder().setUpdateNamespace(b).build(), dryRun(query));
        }
        if (method.equals("DELETE") && n == 3) {
          DeleteNamespaceRequest.Builder b = RestRequests.body(ex, DeleteNamespaceRequest.newBuilder()).setName(path.get(2));
          return registry.mutate(Command.newBuilder().setDeleteNamespace(b).build(), dryRun(query));
        }
        if (method.equals("POST") && n == 4 && path.get(3).equals("shards")) {
          CreateShardsRequest.Builder b = RestRequests.body(ex, CreateShardsRequest.newBuilder()).setNamespace(path.get(2));
          return registry.mutate(Command.newBuilder().setCreateShards(b).build(), dryRun(query));
        }
      }
      case "shards" -> {
        if (method.equals("GET") && n == 2) {
          return registry.listShards(ListShardsRequest.newBuilder().setNamespace(query.getOrDefault("namespace", ""))
              .setOwner(query.getOrDefault("owner", "")).setStatus(shardStatus(query.getOrDefault("status", "")))
              .setLimit(RestRequests.number("limit", query.getOrDefault("limit", "0")).intValue())
              .setPageToken(query.getOrDefault("page_token", "")).setSerializable(serializable).build());
        }
        if (n >= 4) {
          String ns = path.get(2);
          int id = RestRequests.number("shard id", path.get(3)).intValue();
          if (method.equals("GET") && n == 4) {
            return registry.getShard(GetShardRequest.newBuilder().setNamespace(ns).setShardId(id)
                .setSerializable(serializable).build());
          }
          if (method.equals("POST") && n == 5) {
            switch (path.get(4)) {
              case "assign" -> {
                AssignShardRequest.Builder b = RestRequests.body(ex, AssignShardRequest.newBuilder()).setNamespace(ns).setShardId(id);
                return registry.mutate(Command.newBuilder().setAssignShard(b).build(), dryRun(query));
              }
              case "transfer" -> {
                TransferShardRequest.Builder b = RestRequests.body(ex, TransferShardRequest.newBuilder()).setNamespace(ns).setShardId(id);
                return registry.mutate(Command.newBuilder().setTransferShard(b).build(), dryRun(query));
              }
              case "status" -> {
                SetShardStatusRequest.Builder b = RestRequests.body(ex, SetShardStatusRequest.newBuilder()).setNamespace(ns).setShardId(id);
                return registry.mutate(Command.newBuilder().setSetShardStatus(b).build(), dryRun(query));
              }
              default -> { }
            }
          }
        }
      }
      case "resolve" -> {
        if (method.equals("GET") && n == 2) {
          return registry.resolveKey(ResolveKeyRequest.newBuilder().setNamespace(query.getOrDefault("namespace", ""))
              .setKey(query.getOrDefault("key", "")).setSerializable(serializable).build());
        }
      }
      case "snapshot" -> {
        if (method.equals("GET") && n == 2) {
          return registry.snapshot(io.meshkit.proto.v1.RegistrySnapshotRequest.newBuilder()
              .setNamespace(query.getOrDefault("namespace", "")).setSerializable(serializable).build());
        }
      }
      case "nodes" -> {
        if (method.equals("GET") && n == 2) {
          return registry.listNodes(ListNodesRequest.newBuilder().setState(nodeState(query.getOrDefault("state", "")))
              .setSerializable(serializable).build());
        }
        if (method.equals("GET") && n == 3) {
          return registry.getNode(GetNodeRequest.newBuilder().setId(path.get(2)).setSerializable(serializable).build());
        }
        if (method.equals("POST") && n == 2) {
          RegisterNodeRequest.Builder b = RestRequests.body(ex, RegisterNodeRequest.newBuilder());
          return registry.mutate(Command.newBuilder().setRegisterNode(b).build(), dryRun(query));
        }
        if (method.equals("PUT") && n == 3) {
          UpdateNodeRequest.Builder b = RestRequests.body(ex, UpdateNodeRequest.newBuilder());
          b.getNodeBuilder().setId(RestRequests.samePath("node id", path.get(2), b.getNode().getId()));
          return registry.mutate(Command.newBuilder().setUpdateNode(b).build(), dryRun(query));
        }
        if (method.equals("POST") && n == 4) {
          SetNodeStateRequest.Builder b = SetNodeStateRequest.newBuilder().setId(path.get(2))
              .setState(transition(path.get(3))).setChange(RestRequests.body(ex, ChangeInfo.newBuilder()));
          return registry.mutate(Command.newBuilder().setSetNodeState(b).build(), dryRun(query));
        }
      }
      case "diff" -> {
        if (method.equals("GET") && n == 2) {
          return registry.diff(DiffRequest.newBuilder().setFromRevision(RestRequests.number("from", query.getOrDefault("from", "0")))
              .setToRevision(RestRequests.number("to", query.getOrDefault("to", "0"))).setNamespace(query.getOrDefault("namespace", ""))
              .setSerializable(serializable).build());
        }
      }
      case "audit" -> {
        if (method.equals("GET") && n == 2) {
          return registry.listAudit(ListAuditRequest.newBuilder().setFromRevision(RestRequests.number("from", query.getOrDefault("from", "0")))
              .setLimit(RestRequests.number("limit", query.getOrDefault("limit", "0")).intValue())
              .setTargetPrefix(query.getOrDefault("target", "")).setSerializable(serializable).build());
        }
      }
      default -> { }
    }
    throw new MeshException(ErrorCode.NOT_FOUND, method + " " + ex.getRequestURI().getPath() + " is not a registry"
        + " endpoint", "see docs/registry.md for the REST endpoints");
  }

  private static boolean dryRun(Map<String, String> query) {
    return Boolean.parseBoolean(query.getOrDefault("dry_run", "false"));
  }

  private static NodeState transition(String verb) {
    return switch (verb) {
      case "cordon" -> NodeState.NODE_CORDONED;
      case "uncordon" -> NodeState.NODE_ACTIVE;
      case "drain" -> NodeState.NODE_DRAINING;
      case "decommission" -> NodeState.NODE_DECOMMISSIONED;
      default -> throw new MeshException(ErrorCode.NOT_FOUND, "unknown node action " + verb,
          "use cordon, uncordon, drain or decommission");
    };
  }

  private static ShardStatus shardStatus(String text) {
    if (text.isEmpty()) {
      return ShardStatus.SHARD_STATUS_UNSPECIFIED;
    }
    try {
      return ShardStatus.valueOf("SHARD_" + text.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new MeshException(ErrorCode.INVALID_ARGUMENT, "unknown shard status " + text,
          "use active, draining, moving or offline");
    }
  }

  private static NodeState nodeState(String text) {
    if (text.isEmpty()) {
      return NodeState.NODE_STATE_UNSPECIFIED;
    }
    try {
      return NodeState.valueOf("NODE_" + text.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new MeshException(ErrorCode.INVALID_ARGUMENT, "unknown node state " + text,
          "use active, cordoned, draining or decommissioned");
    }
  }

}
