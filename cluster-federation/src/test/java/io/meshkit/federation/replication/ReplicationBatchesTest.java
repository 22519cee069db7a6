package io.meshkit.federation.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.federation.AppliedStore;
import io.meshkit.federation.descriptors.FederationCommandHandler;
import io.meshkit.proto.internal.v1.ApplyReplicationBatchCommand;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Fence;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.ListAuditRequest;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.NamespacePolicy;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegisterNodeRequest;
import io.meshkit.proto.v1.RegistryEvent;
import io.meshkit.proto.v1.RegistryObject;
import io.meshkit.proto.v1.ReplicationCheckpoint;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.TransferShardRequest;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.raft.ReadView;
import io.meshkit.registry.shards.RegistryAccess;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replication batches applied on a real store as the state machine applies them: exactly once with
 * the checkpoint in the same entry, refused gaps and overlaps, read-only copies, this cluster's own
 * records never overwritten, un-exported namespaces dropped, and a resync that replaces the copy.
 */
class ReplicationBatchesTest {
  private static final long TOKEN = 4;

  @TempDir
  Path dir;
  private AppliedStore store;

  @BeforeEach
  void open() {
    store = new AppliedStore(dir);
    store.token = TOKEN;
  }

  @AfterEach
  void close() {
    store.close();
  }

  private CommandResult apply(Command command) throws CommandRejectedException {
    return store.apply(command);
  }

  private <T> T read(Function<ReadView, T> reader) {
    return store.read(reader);
  }

  private static Namespace ns(String name, boolean exported) {
    return Namespace.newBuilder().setName(name).setShardCount(2).setReplicationFactor(1).setShardsCreated(true)
        .setHashing(HashingStrategy.newBuilder().setRendezvous(HashingStrategy.Rendezvous.getDefaultInstance()))
        .setPolicy(NamespacePolicy.newBuilder().setFederationExport(exported)).setVersion(1).build();
  }

  private static RegistryEvent put(RegistryObject.Builder o) {
    return RegistryEvent.newBuilder().setType(RegistryEvent.Type.PUT).setObject(o).build();
  }

  private static RegistryEvent put(Namespace n) {
    return put(RegistryObject.newBuilder().setNamespace(n));
  }

  private static RegistryEvent put(Shard s) {
    return put(RegistryObject.newBuilder().setShard(s));
  }

  private static RegistryEvent put(Node n) {
    return put(RegistryObject.newBuilder().setNode(n));
  }

  private static Shard shard(String ns, int id, String owner, long epoch) {
    return Shard.newBuilder().setNamespace(ns).setShardId(id).setOwner(owner).addReplicas(owner).setEpoch(epoch)
        .setVersion(epoch).build();
  }

  private static Command batch(long from, long to, boolean resync, RegistryEvent... events) {
    return Command.newBuilder().setFence(Fence.newBuilder().setScope(FederationCommandHandler.FEDERATION_SCOPE)
        .setToken(TOKEN)).setApplyReplicationBatch(ApplyReplicationBatchCommand.newBuilder().setSource("eu")
            .setFromRevision(from).setToRevision(to).setResync(resync).setSourceTimeUnixMs(5_000 + to)
            .addAllEvents(List.of(events))).build();
  }

  private ReplicationCheckpoint checkpoint() {
    return read(v -> Checkpoints.read(v, "eu").orElseThrow());
  }

  private int replicateAudits() {
    return (int) read(v -> RegistryAccess.audit(v, ListAuditRequest.getDefaultInstance())).stream()
        .filter(a -> a.getAction().equals("federation.replicate")).count();
  }

  @Test
  void batchesApplyExactlyOnceInOrderAsReadOnlyCopies() throws Exception {
    Node n1 = Node.newBuilder().setId("n1").addEndpoints("10.0.0.1:80").setVersion(1).build();
    CommandResult first = apply(batch(1, 10, false, put(n1), put(ns("orders", true)),
        put(shard("orders", 0, "n1", 1)), put(shard("orders", 1, "n1", 1))));
    assertEquals(ErrorCode.ERROR_CODE_UNSPECIFIED, first.getCode(), first.getMessage());
    assertEquals(List.of(10L, 5_010L, 1L, store.index()), List.of(checkpoint().getRevision(),
        checkpoint().getSourceTimeUnixMs(), checkpoint().getBatches(), checkpoint().getAppliedRevision()));
    Namespace copy = read(v -> RegistryAccess.namespace(v, "orders").orElseThrow());
    assertEquals("eu", copy.getReplicatedFrom());
    assertEquals("eu", read(v -> RegistryAccess.nodes(v)).get(0).getReplicatedFrom());
    assertEquals(2, read(v -> RegistryAccess.shards(v, "orders")).size());
    assertEquals(1, replicateAudits());

    CommandResult again = apply(batch(1, 10, false, put(shard("orders", 0, "n9", 7))));
    assertEquals(ErrorCode.ERROR_CODE_UNSPECIFIED, again.getCode());
    assertEquals(1, checkpoint().getBatches(), "a batch delivered twice changes nothing");
    assertEquals("n1", read(v -> RegistryAccess.shard(v, "orders", 0).orElseThrow()).getOwner());

    Node n2 = Node.newBuilder().setId("n2").addEndpoints("10.0.0.2:80").setVersion(1).build();
    assertEquals(ErrorCode.ERROR_CODE_UNSPECIFIED, apply(batch(11, 20, false, put(n2),
        put(shard("orders", 0, "n2", 2)))).getCode());
    assertEquals("n2", read(v -> RegistryAccess.shard(v, "orders", 0).orElseThrow()).getOwner());
    assertEquals(20, checkpoint().getRevision());

    CommandResult gap = apply(batch(25, 30, false, put(shard("orders", 1, "n2", 2))));
    assertEquals(ErrorCode.FAILED_PRECONDITION, gap.getCode());
    assertTrue(gap.getMessage().contains("skip changes: resume from revision 21"), gap.getMessage());
    CommandResult overlap = apply(batch(15, 30, false, put(shard("orders", 1, "n2", 2))));
    assertTrue(overlap.getMessage().contains("repeat changes"), overlap.getMessage());
    assertEquals("n1", read(v -> RegistryAccess.shard(v, "orders", 1).orElseThrow()).getOwner(), "nothing applied");

    CommandResult local = apply(Command.newBuilder().setTransferShard(TransferShardRequest.newBuilder()
        .setNamespace("orders").setShardId(1).setTo("n2")).build());
    assertEquals(ErrorCode.FAILED_PRECONDITION, local.getCode());
    assertTrue(local.getMessage().contains("replicated from cluster eu and read-only here"), local.getMessage());
  }

  @Test
  void thisClustersOwnRecordsAreNeverOverwrittenAndUnexportedNamespacesGo() throws Exception {
    apply(Command.newBuilder().setRegisterNode(RegisterNodeRequest.newBuilder().setNode(Node.newBuilder()
        .setId("local").addEndpoints("10.9.0.1:80"))).build());
    apply(Command.newBuilder().setCreateNamespace(CreateNamespaceRequest.newBuilder().setNamespace(
        ns("billing", false).toBuilder().setShardsCreated(false))).build());
    CommandResult clash = apply(batch(1, 5, false, put(ns("orders", true)), put(ns("billing", true))));
    assertEquals(ErrorCode.FAILED_PRECONDITION, clash.getCode());
    assertTrue(clash.getMessage().contains("namespace billing exists here as this cluster's own"), clash.getMessage());
    assertTrue(read(v -> RegistryAccess.namespace(v, "orders")).isEmpty(), "a refused batch applies nothing");
    assertTrue(read(v -> Checkpoints.read(v, "eu")).isEmpty());

    apply(batch(1, 5, false, put(ns("orders", true)), put(shard("orders", 0, "local", 1))));
    assertEquals(1, read(v -> RegistryAccess.shards(v, "orders")).size());
    apply(batch(6, 8, false, put(ns("orders", false))));
    assertTrue(read(v -> RegistryAccess.namespace(v, "orders")).isEmpty(), "no longer exported: dropped");
    assertTrue(read(v -> RegistryAccess.shards(v, "orders")).isEmpty(), "with its shards");
    assertEquals("", read(v -> RegistryAccess.namespace(v, "billing").orElseThrow()).getReplicatedFrom());
  }

  @Test
  void aResyncReplacesTheCopyWhateverTheCheckpoint() throws Exception {
    Node n1 = Node.newBuilder().setId("n1").addEndpoints("10.0.0.1:80").build();
    apply(batch(1, 10, false, put(n1), put(ns("orders", true)), put(shard("orders", 0, "n1", 1))));
    Node n3 = Node.newBuilder().setId("n3").addEndpoints("10.0.0.3:80").build();
    CommandResult resync = apply(batch(0, 500, true, put(n3), put(ns("users", true)),
        put(shard("users", 1, "n3", 4))));
    assertEquals(ErrorCode.ERROR_CODE_UNSPECIFIED, resync.getCode(), resync.getMessage());
    assertEquals(List.of(500L, 1L, 2L), List.of(checkpoint().getRevision(), checkpoint().getResyncs(),
        checkpoint().getBatches()));
    assertTrue(read(v -> RegistryAccess.namespace(v, "orders")).isEmpty(), "gone from the source: gone here");
    assertTrue(read(v -> RegistryAccess.shards(v, "orders")).isEmpty());
    assertEquals(List.of("n3"), read(v -> RegistryAccess.nodes(v)).stream().map(Node::getId).toList());
    assertEquals("n3", read(v -> RegistryAccess.shard(v, "users", 1).orElseThrow()).getOwner());
  }

  @Test
  void onlyTheFencedReplicatorAppliesBatches() throws Exception {
    Command unfenced = batch(1, 2, false).toBuilder().clearFence().build();
    CommandRejectedException e = assertThrows(CommandRejectedException.class, () -> store.validate(unfenced));
    assertEquals(ErrorCode.FAILED_PRECONDITION, e.code());
    Command stale = batch(1, 2, false).toBuilder().setFence(Fence.newBuilder()
        .setScope(FederationCommandHandler.FEDERATION_SCOPE).setToken(TOKEN - 1)).build();
    assertEquals(ErrorCode.FENCED, apply(stale).getCode());
    assertTrue(read(v -> Checkpoints.read(v, "eu")).isEmpty());
  }
}
