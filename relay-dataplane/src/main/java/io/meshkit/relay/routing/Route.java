package io.meshkit.relay.routing;

import io.meshkit.proto.v1.Node;
import java.util.List;

/**
 * Where a key of a namespace goes at one routing revision: its shard, the shard's epoch, the owner's
 * node record (its data endpoints) and the other replicas' records, in preference order. A replica
 * that is not registered (it should not happen: the registry refuses it) is left out. {@code label} names
 * the shard as "namespace/shardId" and {@code epochText} is {@code epoch} in decimal: both made once per
 * route, since the relay stamps them on every request or answer.
 */
public record Route(String namespace, int shardId, long epoch, Node owner, List<Node> replicas, long revision,
    String label, String epochText) {
  public Route {
    replicas = List.copyOf(replicas);
  }

  public Route(String namespace, int shardId, long epoch, Node owner, List<Node> replicas, long revision) {
    this(namespace, shardId, epoch, owner, replicas, revision, namespace + "/" + shardId, Long.toString(epoch));
  }
}
