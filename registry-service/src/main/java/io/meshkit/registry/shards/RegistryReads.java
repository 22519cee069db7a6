package io.meshkit.registry.shards;

import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.ListShardsRequest;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.NodeState;
import io.meshkit.proto.v1.ResolveKeyResponse;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.ShardStatus;
import io.meshkit.raft.KeyValueReader;
import io.meshkit.raft.MeshException;
import io.meshkit.sharding.ShardMap;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The registry's read queries over one consistent view. Not-found and bad-argument answers are
 * {@link MeshException}s with a hint. Thread-safe (the shard map cache is concurrent).
 */
final class RegistryReads {
  static final int MAX_PAGE = 1000;
  private static final int MAX_CACHED_MAPS = 256;

  /** Key → shard maps by namespace name and version; rebuilt when the namespace changes. */
  private final Map<String, CachedMap> maps = new ConcurrentHashMap<>();

  private record CachedMap(long modRevision, ShardMap map) {}

  Namespace namespace(KeyValueReader view, String name) {
    return RegistryState.namespace(view, name).orElseThrow(() -> notFound("namespace " + name + " not found",
        "list namespaces with `meshctl ns list`"));
  }

  Shard shard(KeyValueReader view, String namespace, int shardId) {
    return RegistryState.shard(view, namespace, shardId).orElseThrow(() -> {
      Namespace ns = namespace(view, namespace);
      return notFound("shard " + namespace + "/" + shardId + " not found", ns.getShardsCreated()
          ? "the namespace has shards 0 to " + (ns.getShardCount() - 1)
          : "the namespace has no shards yet; create them with `meshctl shards create " + namespace + "`");
    });
  }

  Node node(KeyValueReader view, String id) {
    return RegistryState.node(view, id).orElseThrow(() -> notFound("node " + id + " is not registered",
        "list nodes with `meshctl nodes list`"));
  }

  List<Node> nodes(KeyValueReader view, NodeState state) {
    List<Node> nodes = RegistryState.nodes(view);
    return state == NodeState.NODE_STATE_UNSPECIFIED ? nodes : nodes.stream().filter(n -> n.getState() == state).toList();
  }

  /** One page of shards in (namespace, id) order; the token names the key to continue from. */
  Page shards(KeyValueReader view, ListShardsRequest request) {
    int limit = request.getLimit() <= 0 ? MAX_PAGE : Math.min(request.getLimit(), MAX_PAGE);
    if (!request.getNamespace().isEmpty()) {
      namespace(view, request.getNamespace());
    }
    Predicate<Shard> matching = s -> (request.getOwner().isEmpty() || s.getOwner().equals(request.getOwner()))
        && (request.getStatus() == ShardStatus.SHARD_STATUS_UNSPECIFIED || s.getStatus() == request.getStatus());
    List<Shard> shards = RegistryState.shards(view, request.getNamespace(), fromToken(request.getPageToken()),
        matching, limit);
    String next = shards.size() < limit ? "" : token(shards.get(shards.size() - 1));
    return new Page(shards, next);
  }

  record Page(List<Shard> shards, String nextPageToken) {}

  /** The shard holding {@code key} and its owner's record (null when the owner is not registered). */
  ResolveKeyResponse resolve(KeyValueReader view, String namespace, String key) {
    Namespace ns = namespace(view, namespace);
    if (!ns.getShardsCreated()) {
      throw new MeshException(ErrorCode.FAILED_PRECONDITION, "namespace " + namespace + " has no shards yet",
          "create them with `meshctl shards create " + namespace + "`");
    }
    Shard shard = shard(view, namespace, mapOf(ns).shardOf(key));
    ResolveKeyResponse.Builder response = ResolveKeyResponse.newBuilder().setShard(shard);
    RegistryState.node(view, shard.getOwner()).ifPresent(response::setOwner);
    return response.build();
  }

  private ShardMap mapOf(Namespace ns) {
    CachedMap cached = maps.get(ns.getName());
    if (cached != null && cached.modRevision() == ns.getModRevision()) {
      return cached.map();
    }
    if (maps.size() >= MAX_CACHED_MAPS) {
      maps.clear();
    }
    ShardMap map = ShardMap.of(ns);
    maps.put(ns.getName(), new CachedMap(ns.getModRevision(), map));
    return map;
  }

  /** The token continuing after {@code last}: its key plus a zero byte, the next key in order. */
  private static String token(Shard last) {
    byte[] key = RegistryKeys.shard(last.getNamespace(), last.getShardId());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(key, key.length + 1));
  }

  private static byte[] fromToken(String token) {
    if (token.isEmpty()) {
      return null;
    }
    try {
      byte[] key = Base64.getUrlDecoder().decode(token);
      if (RegistryKeys.startsWith(key, RegistryKeys.SHARDS)) {
        return key;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new MeshException(ErrorCode.INVALID_ARGUMENT, "page token \"" + token + "\" is not one this server issued",
        "pass the next_page_token of the previous page unchanged, or none for the first page");
  }

  private static MeshException notFound(String message, String hint) {
    return new MeshException(ErrorCode.NOT_FOUND, message, hint);
  }
}
