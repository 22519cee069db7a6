package io.meshkit.federation.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.federation.AppliedStore;
import io.meshkit.federation.replication.Checkpoints;
import io.meshkit.proto.internal.v1.ApplyReplicationBatchCommand;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.v1.FenceClusterRequest;
import io.meshkit.proto.internal.v1.PromoteClusterCommand;
import io.meshkit.proto.v1.ClusterDescriptor;
import io.meshkit.proto.v1.ClusterRole;
import io.meshkit.proto.v1.ClusterState;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.CreateShardsRequest;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.FailoverRecord;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.NamespacePolicy;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegisterClusterRequest;
import io.meshkit.proto.v1.RegisterNodeRequest;
import io.meshkit.proto.v1.RegistryEvent;
import io.meshkit.proto.v1.RegistryObject;
import io.meshkit.proto.v1.TransferShardRequest;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.registry.shards.RegistryAccess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failover's two halves on two real stores — "eu" (the primary) and "us" (its standby, holding a
 * replicated copy): fencing makes eu's exported namespace and nodes read-only copies of us and its
 * descriptors say us leads; promoting makes us's copies its own, records the failover (with the
 * data-loss window when forced) and forgets the checkpoint; both are idempotent, epochs only grow.
 */
class FailoverCommandsTest {
  @TempDir
  Path dir;
  private final List<AppliedStore> open = new ArrayList<>();

  @AfterEach
  void close() {
    open.forEach(AppliedStore::close);
  }

  /** A cluster's state machine that knows the federation: eu the primary, us its standby. */
  private AppliedStore cluster(String name) throws CommandRejectedException {
    AppliedStore c = new AppliedStore(dir.resolve(name));
    open.add(c);
    c.ok(Command.newBuilder().setRegisterCluster(RegisterClusterRequest.newBuilder().setCluster(ClusterDescriptor
        .newBuilder().setId("eu").setRole(ClusterRole.CLUSTER_PRIMARY))).build());
    c.ok(Command.newBuilder().setRegisterCluster(RegisterClusterRequest.newBuilder().setCluster(ClusterDescriptor
        .newBuilder().setId("us").setRole(ClusterRole.CLUSTER_STANDBY))).build());
    return c;
  }

  private static ClusterDescriptor descriptor(AppliedStore c, String id) {
    return c.read(v -> RegistryAccess.cluster(v, id).orElseThrow());
  }

  private static Namespace ns(String name, boolean exported) {
    return Namespace.newBuilder().setName(name).setShardCount(2).setReplicationFactor(1)
        .setHashing(HashingStrategy.newBuilder().setRendezvous(HashingStrategy.Rendezvous.getDefaultInstance()))
        .setPolicy(NamespacePolicy.newBuilder().setFederationExport(exported)).build();
  }

  private static Command transfer(String ns, String to) {
    return Command.newBuilder().setTransferShard(TransferShardRequest.newBuilder().setNamespace(ns).setShardId(0)
        .setTo(to)).build();
  }

  /** eu with nodes n1, n2 and namespaces orders (exported) and private, both with shards. */
  private AppliedStore primary() throws CommandRejectedException {
    AppliedStore eu = cluster("eu");
    for (String n : List.of("n1", "n2")) {
      eu.ok(Command.newBuilder().setRegisterNode(RegisterNodeRequest.newBuilder().setNode(Node.newBuilder().setId(n)
          .addEndpoints(n + ":80"))).build());
    }
    for (Namespace n : List.of(ns("orders", true), ns("private", false))) {
      eu.ok(Command.newBuilder().setCreateNamespace(CreateNamespaceRequest.newBuilder().setNamespace(n)).build());
      eu.ok(Command.newBuilder().setCreateShards(CreateShardsRequest.newBuilder().setNamespace(n.getName())).build());
    }
    return eu;
  }

  /** us holding eu's exported registry as a copy, checkpoint at eu's revision {@code at}. */
  private AppliedStore standbyOf(AppliedStore eu, long at) throws CommandRejectedException {
    AppliedStore us = cluster("us");
    List<RegistryEvent> events = new ArrayList<>();
    eu.read(v -> {
      RegistryAccess.nodes(v).forEach(n -> events.add(put(RegistryObject.newBuilder().setNode(n))));
      events.add(put(RegistryObject.newBuilder().setNamespace(RegistryAccess.namespace(v, "orders").orElseThrow())));
      RegistryAccess.shards(v, "orders").forEach(s -> events.add(put(RegistryObject.newBuilder().setShard(s))));
      return null;
    });
    us.ok(Command.newBuilder().setFence(us.fence()).setApplyReplicationBatch(ApplyReplicationBatchCommand.newBuilder().setSource("eu").setResync(true)
            .setToRevision(at).addAllEvents(events)).build());
    return us;
  }

  private static RegistryEvent put(RegistryObject.Builder o) {
    return RegistryEvent.newBuilder().setType(RegistryEvent.Type.PUT).setObject(o).build();
  }

  private static Command fence(long epoch) {
    return Command.newBuilder().setFenceCluster(FenceClusterRequest.newBuilder().setCluster("eu")
        .setSupersededBy("us").setEpoch(epoch)).build();
  }

  private static Command promote(long epoch, boolean forced, long lastKnown) {
    return Command.newBuilder().setPromoteCluster(PromoteClusterCommand.newBuilder().setCluster("us")
        .setPrevious("eu").setEpoch(epoch).setForced(forced).setLastKnownSource(lastKnown)).build();
  }

  @Test
  void fencingTurnsTheOldPrimarysExportedRecordsIntoCopiesOfTheNewOne() throws Exception {
    AppliedStore eu = primary();
    assertEquals(ErrorCode.ERROR_CODE_UNSPECIFIED, eu.apply(transfer("orders", "n2")).getCode(), "writable before");
    CommandResult fenced = eu.ok(fence(2));
    assertEquals("cluster.fence", fenced.getRegistryAudit().getAction());
    assertEquals(List.of(ClusterRole.CLUSTER_STANDBY, ClusterState.CLUSTER_FAILED_OVER), List.of(
        descriptor(eu, "eu").getRole(), descriptor(eu, "eu").getState()));
    assertEquals(List.of(ClusterRole.CLUSTER_PRIMARY, 2L), List.of(descriptor(eu, "us").getRole(),
        descriptor(eu, "us").getEpoch()));
    assertEquals("us", eu.read(v -> RegistryAccess.namespace(v, "orders").orElseThrow()).getReplicatedFrom());
    assertEquals("", eu.read(v -> RegistryAccess.namespace(v, "private").orElseThrow()).getReplicatedFrom(),
        "a namespace never exported stays this cluster's own");
    assertTrue(eu.read(v -> RegistryAccess.nodes(v)).stream().allMatch(n -> n.getReplicatedFrom().equals("us")));
    CommandResult refused = eu.apply(transfer("orders", "n1"));
    assertEquals(ErrorCode.FAILED_PRECONDITION, refused.getCode());
    assertTrue(refused.getMessage().contains("replicated from cluster us"), "writes name the new primary: "
        + refused.getMessage());

    assertEquals(0, eu.ok(fence(2)).getRegistryAudit().getChangesCount(), "fencing again changes nothing");
    CommandResult older = eu.apply(Command.newBuilder().setFenceCluster(FenceClusterRequest.newBuilder()
        .setCluster("us").setSupersededBy("eu").setEpoch(2)).build());
    assertEquals(ErrorCode.FAILED_PRECONDITION, older.getCode());
    assertTrue(older.getMessage().contains("not above the federation's highest here (2)"), older.getMessage());
  }

  @Test
  void promotionMakesTheCopyOwnAndRecordsTheFailover() throws Exception {
    AppliedStore eu = primary();
    long at = eu.index();
    AppliedStore us = standbyOf(eu, at);
    assertEquals(ErrorCode.FAILED_PRECONDITION, us.apply(transfer("orders", "n2")).getCode(), "a copy before");
    FailoverRecord record = us.ok(promote(2, false, at)).getFailover();
    assertEquals(List.of("eu", "us", 2L, false, at, at), List.of(record.getFrom(), record.getTo(), record.getEpoch(),
        record.getForced(), record.getLastReplicated(), record.getLastKnownSource()));
    assertEquals(List.of(ClusterRole.CLUSTER_PRIMARY, ClusterState.CLUSTER_ACTIVE, 2L), List.of(
        descriptor(us, "us").getRole(), descriptor(us, "us").getState(), descriptor(us, "us").getEpoch()));
    assertEquals(ClusterState.CLUSTER_FAILED_OVER, descriptor(us, "eu").getState());
    assertEquals("", us.read(v -> RegistryAccess.namespace(v, "orders").orElseThrow()).getReplicatedFrom());
    assertTrue(us.read(v -> Checkpoints.read(v, "eu")).isEmpty(), "no longer replicating from eu");
    assertEquals(ErrorCode.ERROR_CODE_UNSPECIFIED, us.apply(transfer("orders", "n2")).getCode(), "its own now");
    assertEquals(record, us.ok(promote(2, false, at)).getFailover(), "promoting again changes nothing");
  }

  @Test
  void aForcedPromotionRecordsTheDataLossWindowAndFencesTheOldPrimarysDescriptor() throws Exception {
    AppliedStore eu = primary();
    long at = eu.index();
    AppliedStore us = standbyOf(eu, at);
    FailoverRecord record = us.ok(promote(2, true, at + 7)).getFailover();
    assertTrue(record.getForced());
    assertEquals(7, record.getLastKnownSource() - record.getLastReplicated(), "the window: seen, never applied");
    assertEquals(ClusterState.CLUSTER_FENCED, descriptor(us, "eu").getState());
    CommandResult stale = us.apply(promote(1, true, at));
    assertEquals(ErrorCode.FAILED_PRECONDITION, stale.getCode());
  }
}
