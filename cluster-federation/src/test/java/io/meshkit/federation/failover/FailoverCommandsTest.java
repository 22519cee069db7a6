package io.meshkit.federation.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.federation.descriptors.FederationCommandHandler;
import io.meshkit.federation.replication.Checkpoints;
import io.meshkit.proto.internal.v1.ApplyReplicationBatchCommand;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.v1.FenceClusterRequest;
import io.meshkit.proto.internal.v1.LogEntry;
import io.meshkit.proto.internal.v1.PromoteClusterCommand;
import io.meshkit.proto.v1.ClusterDescriptor;
import io.meshkit.proto.v1.ClusterRole;
import io.meshkit.proto.v1.ClusterState;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.CreateShardsRequest;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.FailoverRecord;
import io.meshkit.proto.v1.Fence;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.NamespacePolicy;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegisterClusterRequest;
import io.meshkit.proto.v1.RegisterNodeRequest;
import io.meshkit.proto.v1.RegistryEvent;
import io.meshkit.proto.v1.RegistryObject;
import io.meshkit.proto.v1.TransferShardRequest;
import io.meshkit.raft.CommandDispatcher;
import io.meshkit.raft.CommandHandler;
import io.meshkit.raft.CommandLimits;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.raft.EntryApplier;
import io.meshkit.raft.FenceAuthority;
import io.meshkit.raft.KeyValueReader;
import io.meshkit.raft.MeshStore;
import io.meshkit.raft.ReadView;
import io.meshkit.registry.shards.RegistryAccess;
import io.meshkit.registry.shards.RegistryCommandHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
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
  private final List<Cluster> open = new ArrayList<>();

  /** One cluster's state machine, driven as Raft drives it; every fence token is current. */
  private final class Cluster implements CommandHandler, FenceAuthority {
    final MeshStore store;
    final CommandDispatcher dispatcher = new CommandDispatcher(List.of(new RegistryCommandHandler(),
        new FederationCommandHandler(), this), CommandLimits.DEFAULTS);
    final EntryApplier applier = new EntryApplier(dispatcher);
    long index;

    Cluster(String name) {
      store = MeshStore.open(dir.resolve(name));
      open.add(this);
    }

    @Override
    public Set<Command.CmdCase> commands() {
      return Set.of();
    }

    @Override
    public CommandResult apply(io.meshkit.raft.ApplyContext context, Command command) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<String> violation(KeyValueReader state, Fence fence) {
      return Optional.empty();
    }

    CommandResult run(Command command) throws CommandRejectedException {
      dispatcher.validate(command);
      index++;
      return applier.apply(store, 1, index, LogEntry.newBuilder().setCommand(command)
          .setLeaderTimeUnixMs(2_000_000 + index).build()).result();
    }

    CommandResult ok(Command command) throws CommandRejectedException {
      CommandResult r = run(command);
      assertEquals(ErrorCode.ERROR_CODE_UNSPECIFIED, r.getCode(), r.getMessage());
      return r;
    }

    <T> T read(Function<ReadView, T> reader) {
      try (ReadView view = store.readView()) {
        return reader.apply(view);
      }
    }

    ClusterDescriptor cluster(String id) {
      return read(v -> RegistryAccess.cluster(v, id).orElseThrow());
    }

    void describeFederation() throws CommandRejectedException {
      ok(Command.newBuilder().setRegisterCluster(RegisterClusterRequest.newBuilder().setCluster(ClusterDescriptor
          .newBuilder().setId("eu").setRole(ClusterRole.CLUSTER_PRIMARY))).build());
      ok(Command.newBuilder().setRegisterCluster(RegisterClusterRequest.newBuilder().setCluster(ClusterDescriptor
          .newBuilder().setId("us").setRole(ClusterRole.CLUSTER_STANDBY))).build());
    }
  }

  @AfterEach
  void close() {
    open.forEach(c -> c.store.close());
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
  private Cluster primary() throws CommandRejectedException {
    Cluster eu = new Cluster("eu");
    eu.describeFederation();
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
  private Cluster standbyOf(Cluster eu, long at) throws CommandRejectedException {
    Cluster us = new Cluster("us");
    us.describeFederation();
    List<RegistryEvent> events = new ArrayList<>();
    eu.read(v -> {
      RegistryAccess.nodes(v).forEach(n -> events.add(put(RegistryObject.newBuilder().setNode(n))));
      events.add(put(RegistryObject.newBuilder().setNamespace(RegistryAccess.namespace(v, "orders").orElseThrow())));
      RegistryAccess.shards(v, "orders").forEach(s -> events.add(put(RegistryObject.newBuilder().setShard(s))));
      return null;
    });
    us.ok(Command.newBuilder().setFence(Fence.newBuilder().setScope(FederationCommandHandler.FEDERATION_SCOPE)
        .setToken(1)).setApplyReplicationBatch(ApplyReplicationBatchCommand.newBuilder().setSource("eu").setResync(true)
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
    Cluster eu = primary();
    assertEquals(ErrorCode.ERROR_CODE_UNSPECIFIED, eu.run(transfer("orders", "n2")).getCode(), "writable before");
    CommandResult fenced = eu.ok(fence(2));
    assertEquals("cluster.fence", fenced.getRegistryAudit().getAction());
    assertEquals(List.of(ClusterRole.CLUSTER_STANDBY, ClusterState.CLUSTER_FAILED_OVER), List.of(
        eu.cluster("eu").getRole(), eu.cluster("eu").getState()));
    assertEquals(List.of(ClusterRole.CLUSTER_PRIMARY, 2L), List.of(eu.cluster("us").getRole(),
        eu.cluster("us").getEpoch()));
    assertEquals("us", eu.read(v -> RegistryAccess.namespace(v, "orders").orElseThrow()).getReplicatedFrom());
    assertEquals("", eu.read(v -> RegistryAccess.namespace(v, "private").orElseThrow()).getReplicatedFrom(),
        "a namespace never exported stays this cluster's own");
    assertTrue(eu.read(v -> RegistryAccess.nodes(v)).stream().allMatch(n -> n.getReplicatedFrom().equals("us")));
    CommandResult refused = eu.run(transfer("orders", "n1"));
    assertEquals(ErrorCode.FAILED_PRECONDITION, refused.getCode());
    assertTrue(refused.getMessage().contains("replicated from cluster us"), "writes name the new primary: "
        + refused.getMessage());

    assertEquals(0, eu.ok(fence(2)).getRegistryAudit().getChangesCount(), "fencing again changes nothing");
    CommandResult older = eu.run(Command.newBuilder().setFenceCluster(FenceClusterRequest.newBuilder()
        .setCluster("us").setSupersededBy("eu").setEpoch(2)).build());
    assertEquals(ErrorCode.FAILED_PRECONDITION, older.getCode());
    assertTrue(older.getMessage().contains("not above the federation's highest here (2)"), older.getMessage());
  }

  @Test
  void promotionMakesTheCopyOwnAndRecordsTheFailover() throws Exception {
    Cluster eu = primary();
    long at = eu.index;
    Cluster us = standbyOf(eu, at);
    assertEquals(ErrorCode.FAILED_PRECONDITION, us.run(transfer("orders", "n2")).getCode(), "a copy before");
    FailoverRecord record = us.ok(promote(2, false, at)).getFailover();
    assertEquals(List.of("eu", "us", 2L, false, at, at), List.of(record.getFrom(), record.getTo(), record.getEpoch(),
        record.getForced(), record.getLastReplicated(), record.getLastKnownSource()));
    assertEquals(List.of(ClusterRole.CLUSTER_PRIMARY, ClusterState.CLUSTER_ACTIVE, 2L), List.of(
        us.cluster("us").getRole(), us.cluster("us").getState(), us.cluster("us").getEpoch()));
    assertEquals(ClusterState.CLUSTER_FAILED_OVER, us.cluster("eu").getState());
    assertEquals("", us.read(v -> RegistryAccess.namespace(v, "orders").orElseThrow()).getReplicatedFrom());
    assertTrue(us.read(v -> Checkpoints.read(v, "eu")).isEmpty(), "no longer replicating from eu");
    assertEquals(ErrorCode.ERROR_CODE_UNSPECIFIED, us.run(transfer("orders", "n2")).getCode(), "its own now");
    assertEquals(record, us.ok(promote(2, false, at)).getFailover(), "promoting again changes nothing");
  }

  @Test
  void aForcedPromotionRecordsTheDataLossWindowAndFencesTheOldPrimarysDescriptor() throws Exception {
    Cluster eu = primary();
    long at = eu.index;
    Cluster us = standbyOf(eu, at);
    FailoverRecord record = us.ok(promote(2, true, at + 7)).getFailover();
    assertTrue(record.getForced());
    assertEquals(7, record.getLastKnownSource() - record.getLastReplicated(), "the window: seen, never applied");
    assertEquals(ClusterState.CLUSTER_FENCED, us.cluster("eu").getState());
    CommandResult stale = us.run(promote(1, true, at));
    assertEquals(ErrorCode.FAILED_PRECONDITION, stale.getCode());
  }
}
