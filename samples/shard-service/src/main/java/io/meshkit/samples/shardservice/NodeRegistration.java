package io.meshkit.samples.shardservice;

import com.google.protobuf.ByteString;
import io.meshkit.client.LeaseKeepAlive;
import io.meshkit.client.MeshkitClient;
import io.meshkit.client.MeshkitClientException;
import io.meshkit.proto.v1.ChangeInfo;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.GetNodeRequest;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.PutRequest;
import io.meshkit.proto.v1.RegisterNodeRequest;
import io.meshkit.proto.v1.UpdateNodeRequest;
import java.time.Duration;
import java.util.List;

/**
 * This instance in the cluster: its node record in the registry (where placement and the relay find its
 * endpoint) and a presence key held by a lease.
 *
 * <p>Registry nodes are durable by design — ownership must not vanish because a process restarted — so a
 * node record has no lease; liveness is gossip's job in MeshKit (docs/registry.md, docs/gossip.md). The
 * presence key {@code <PRESENCE_PREFIX><node>} (value: the endpoint) is attached to a lease the instance
 * keeps alive: it disappears within the TTL after the instance dies, which an operator or a controller
 * can watch ({@code meshctl kv get samples/shard-service/live/ --prefix}).
 */
final class NodeRegistration implements AutoCloseable {
  /** Where presence keys live. */
  static final String PRESENCE_PREFIX = "samples/shard-service/live/";

  private final MeshkitClient client;
  private final long lease;
  private final LeaseKeepAlive keepAlive;

  private NodeRegistration(MeshkitClient client, long lease, LeaseKeepAlive keepAlive) {
    this.client = client;
    this.lease = lease;
    this.keepAlive = keepAlive;
  }

  /**
   * Registers {@code node} with {@code endpoint} (or points an existing record at it, keeping its state,
   * zone and labels), then writes the presence key under a lease of {@code ttl} and keeps it alive.
   * {@code onLost} runs if the lease is lost (the cluster unreachable for a whole TTL).
   */
  static NodeRegistration register(MeshkitClient client, String node, String endpoint, Duration ttl,
      Runnable onLost) {
    ChangeInfo change = ChangeInfo.newBuilder().setActor("shard-service/" + node)
        .setReason("shard-service instance started at " + endpoint).build();
    try {
      client.registry().registerNode(RegisterNodeRequest.newBuilder()
          .setNode(Node.newBuilder().setId(node).addEndpoints(endpoint)).setChange(change).build());
    } catch (MeshkitClientException e) {
      if (e.code() != ErrorCode.ALREADY_EXISTS) {
        throw e;
      }
      Node existing = client.registry().getNode(GetNodeRequest.newBuilder().setId(node).build()).getNode();
      if (!existing.getEndpointsList().equals(List.of(endpoint))) {
        // At the version read: a concurrent change fails with CONFLICT instead of being undone.
        client.registry().updateNode(UpdateNodeRequest.newBuilder()
            .setNode(existing.toBuilder().clearEndpoints().addEndpoints(endpoint))
            .setExpectedVersion(existing.getVersion()).setChange(change).build());
      }
    }
    long sent = System.nanoTime();
    long lease = client.grantLease(ttl).getId();
    client.put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(PRESENCE_PREFIX + node))
        .setValue(ByteString.copyFromUtf8(endpoint)).setLease(lease).build());
    LeaseKeepAlive keepAlive = client.keepAlive(lease, ttl, sent, new LeaseKeepAlive.Listener() {
      @Override
      public void onLost(MeshkitClientException why) {
        onLost.run();
      }
    });
    return new NodeRegistration(client, lease, keepAlive);
  }

  /** Stops renewing and revokes the lease: the presence key goes at once; the node record stays. */
  @Override
  public void close() {
    keepAlive.close();
    try {
      client.revokeLease(lease);
    } catch (MeshkitClientException e) {
      // Already gone, or the cluster is unreachable: the lease then expires within its TTL.
    }
  }
}
