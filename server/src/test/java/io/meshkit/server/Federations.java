package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meshkit.client.MeshkitClient;
import io.meshkit.client.MeshkitClientException;
import io.meshkit.proto.v1.AuditChange;
import io.meshkit.proto.v1.AuditRecord;
import io.meshkit.proto.v1.ClusterDescriptor;
import io.meshkit.proto.v1.ClusterRole;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.CreateShardsRequest;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.ListAuditRequest;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.NamespacePolicy;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegisterClusterRequest;
import io.meshkit.proto.v1.RegisterNodeRequest;
import io.meshkit.proto.v1.RegistrySnapshotRequest;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.TransferShardRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** The federation the two-cluster tests set up: "eu" the primary, "us" its standby, and what eu exports. */
final class Federations {
  private Federations() {}

  /**
   * Registers both clusters' descriptors through {@code client} (do it on each cluster). Safe to retry: a
   * descriptor already there (a call that committed although its caller saw it fail) counts as registered,
   * each one on its own — a retry after eu's registration went through still registers us.
   */
  static void describe(MeshkitClient client, List<String> euEndpoints, List<String> usEndpoints) {
    register(client, ClusterDescriptor.newBuilder().setId("eu").setRole(ClusterRole.CLUSTER_PRIMARY)
        .addAllGrpcEndpoints(euEndpoints).build());
    register(client, ClusterDescriptor.newBuilder().setId("us").setRole(ClusterRole.CLUSTER_STANDBY)
        .addAllGrpcEndpoints(usEndpoints).build());
  }

  private static void register(MeshkitClient client, ClusterDescriptor cluster) {
    try {
      client.federation().registerCluster(RegisterClusterRequest.newBuilder().setCluster(cluster).build());
    } catch (MeshkitClientException e) {
      if (e.code() != ErrorCode.ALREADY_EXISTS) {
        throw e;
      }
    }
  }

  /** Nodes {@code nodes} and namespace {@code name} of {@code shards} shards (replication 1) with its shards. */
  static void namespace(MeshkitClient client, String name, boolean exported, int shards, List<String> nodes) {
    for (String n : nodes) {
      if (client.registry().listNodes(io.meshkit.proto.v1.ListNodesRequest.getDefaultInstance()).getNodesList()
          .stream().noneMatch(x -> x.getId().equals(n))) {
        client.registry().registerNode(RegisterNodeRequest.newBuilder().setNode(Node.newBuilder().setId(n)
            .addEndpoints(n + ":9000")).build());
      }
    }
    client.registry().createNamespace(CreateNamespaceRequest.newBuilder().setNamespace(Namespace.newBuilder()
        .setName(name).setShardCount(shards).setReplicationFactor(1).setHashing(HashingStrategy.newBuilder()
            .setRendezvous(HashingStrategy.Rendezvous.getDefaultInstance()))
        .setPolicy(NamespacePolicy.newBuilder().setFederationExport(exported))).build());
    client.registry().createShards(CreateShardsRequest.newBuilder().setNamespace(name).build());
  }

  /**
   * Exactly once, from {@code standby}'s audit trail: every change to {@code namespace}'s shards there was
   * made by replication, and per shard the epochs it wrote rise by one each time (none applied twice,
   * none skipped after the first copy). Returns how many shard changes were replicated.
   */
  static long assertShardEpochsReplicatedOnce(MeshkitClient standby, String namespace) {
    List<AuditRecord> audit = new ArrayList<>();
    long from = 0;
    while (true) {
      List<AuditRecord> page = standby.registry().listAudit(ListAuditRequest.newBuilder().setFromRevision(from)
          .setLimit(500).setTargetPrefix("shard/" + namespace + "/").build()).getRecordsList();
      audit.addAll(page);
      if (page.size() < 500) {
        break;
      }
      from = page.get(page.size() - 1).getRevision() + 1;
    }
    Map<String, List<Long>> epochs = new HashMap<>();
    for (AuditRecord r : audit) {
      assertEquals("federation.replicate", r.getAction());
      for (AuditChange c : r.getChangesList()) {
        if (c.hasAfter() && c.getAfter().hasShard()) {
          epochs.computeIfAbsent(c.getTarget(), t -> new ArrayList<>()).add(c.getAfter().getShard().getEpoch());
        }
      }
    }
    long replicated = 0;
    for (Map.Entry<String, List<Long>> e : epochs.entrySet()) {
      List<Long> seen = e.getValue();
      for (int i = 1; i < seen.size(); i++) {
        assertEquals(seen.get(i - 1) + 1, seen.get(i), e.getKey() + " epochs as replicated: " + seen);
      }
      replicated += seen.size();
    }
    return replicated;
  }

  /** {@code namespace}'s shards on {@code client}'s cluster as owner@epoch, by shard id. */
  static Map<Integer, String> shards(MeshkitClient client, String namespace) {
    Map<Integer, String> out = new java.util.TreeMap<>();
    client.registry().snapshot(RegistrySnapshotRequest.getDefaultInstance()).getShardsList().stream()
        .filter(s -> s.getNamespace().equals(namespace)).forEach(s -> out.put(s.getShardId(), s.getOwner() + "@"
            + s.getEpoch()));
    return out;
  }

  /**
   * A writer on the primary until {@code stop}: transfers namespace "orders"'s shards in turn between
   * n1 and n2 every 20 ms, counting the acknowledged ones in {@code written}; failures are retried.
   */
  static Thread transferring(MeshkitClient primary, AtomicBoolean stop, AtomicLong written) {
    Thread writer = new Thread(() -> {
      for (int i = 0; !stop.get(); i++) {
        try {
          Shard s = primary.registry().snapshot(RegistrySnapshotRequest.getDefaultInstance()).getShardsList()
              .stream().filter(x -> x.getNamespace().equals("orders")).toList().get(i % 4);
          primary.registry().transferShard(TransferShardRequest.newBuilder().setNamespace("orders")
              .setShardId(s.getShardId()).setTo(s.getOwner().equals("n1") ? "n2" : "n1").build());
          written.incrementAndGet();
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          // keep writing
        }
      }
    }, "federation-writer");
    writer.start();
    return writer;
  }

  /** Waits until every "orders" shard on {@code standby} is at least at the epoch {@code reached} names for it. */
  static void awaitAtLeast(Map<Integer, String> reached, MeshkitClient standby, String what) throws Exception {
    Await.until(() -> {
      try {
        Map<Integer, String> copy = shards(standby, "orders");
        return reached.entrySet().stream().allMatch(e -> copy.containsKey(e.getKey())
            && epoch(copy.get(e.getKey())) >= epoch(e.getValue()));
      } catch (RuntimeException e) {
        return false;
      }
    }, java.time.Duration.ofSeconds(90), what + ": the standby reached " + reached);
  }

  private static long epoch(String ownerAtEpoch) {
    return Long.parseLong(ownerAtEpoch.substring(ownerAtEpoch.indexOf('@') + 1));
  }

  /** Waits (up to 60 s) until "orders"'s shards on {@code a} and {@code b} are the same owners at the same epochs. */
  static void awaitSameShards(MeshkitClient a, MeshkitClient b, String what) throws Exception {
    Await.until(() -> {
      try {
        return shards(a, "orders").equals(shards(b, "orders"));
      } catch (RuntimeException e) {
        return false;
      }
    }, java.time.Duration.ofSeconds(60), what);
  }
}
