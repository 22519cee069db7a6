package io.meshkit.registry.shards;

import static io.meshkit.registry.shards.RegistryApplyFixture.createNamespace;
import static io.meshkit.registry.shards.RegistryApplyFixture.createShards;
import static io.meshkit.registry.shards.RegistryApplyFixture.register;
import static io.meshkit.registry.shards.RegistryApplyFixture.rendezvous;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.v1.AuditRecord;
import io.meshkit.proto.v1.ChangeInfo;
import io.meshkit.proto.v1.DiffResponse;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.ListShardsRequest;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.NodeState;
import io.meshkit.proto.v1.SetNodeStateRequest;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.ShardStatus;
import io.meshkit.proto.v1.TransferShardRequest;
import io.meshkit.proto.v1.UpdateNamespaceRequest;
import io.meshkit.raft.CommandRejectedException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registry apply on a real RocksDB store: placement, epochs, optimistic concurrency, audit, guards. */
class RegistryCommandHandlerTest {
  @TempDir
  Path dir;
  private RegistryApplyFixture f;

  @BeforeEach
  void open() {
    f = new RegistryApplyFixture(dir);
  }

  @AfterEach
  void close() {
    f.close();
  }

  private static Command transfer(String ns, int id, String to, long expectedEpoch) {
    return Command.newBuilder().setTransferShard(TransferShardRequest.newBuilder().setNamespace(ns).setShardId(id)
        .setTo(to).setExpectedEpoch(expectedEpoch).setChange(ChangeInfo.newBuilder().setActor("alice")
            .setReason("maintenance").setChangeTicket("CHG-1"))).build();
  }

  private Shard shard(String ns, int id) {
    return f.read(v -> RegistryState.shard(v, ns, id).orElseThrow());
  }

  @Test
  void aNamespaceNeedsAsManyEligibleNodesAsItsReplicationFactor() throws Exception {
    f.ok(register("node-1", "a"));
    f.ok(register("node-2", "b"));
    CommandResult refused = f.apply(createNamespace(rendezvous("orders", 8, 3)));
    assertEquals(ErrorCode.FAILED_PRECONDITION, refused.getCode());
    assertTrue(refused.getMessage().contains("needs 3 eligible nodes") && refused.getMessage().contains("2 of 2"),
        refused.getMessage());
    assertTrue(f.read(RegistryState::namespaces).isEmpty(), "nothing stored");
  }

  @Test
  void createdShardsAreBalancedActiveAtEpochOneWithThreeDistinctReplicas() throws Exception {
    f.standardSetup("orders", 64);
    List<Shard> shards = f.read(v -> RegistryState.shards(v, "orders"));
    assertEquals(64, shards.size());
    Map<String, Integer> owners = new HashMap<>();
    for (Shard s : shards) {
      assertEquals(ShardStatus.SHARD_ACTIVE, s.getStatus());
      assertEquals(1, s.getEpoch());
      assertEquals(s.getOwner(), s.getReplicas(0));
      assertEquals(3, s.getReplicasList().stream().distinct().count());
      owners.merge(s.getOwner(), 1, Integer::sum);
    }
    assertTrue(owners.values().stream().allMatch(n -> n == 21 || n == 22), owners.toString());
    Namespace ns = f.read(v -> RegistryState.namespace(v, "orders").orElseThrow());
    assertTrue(ns.getShardsCreated());
    assertEquals(2, ns.getVersion());
    assertEquals(ErrorCode.ALREADY_EXISTS, f.apply(createShards("orders")).getCode());
  }

  @Test
  void aTransferWithTheCurrentEpochMovesOwnershipAndBumpsTheEpochAStaleOneConflicts() throws Exception {
    f.standardSetup("orders", 8);
    Shard before = shard("orders", 3);
    String to = before.getReplicas(1);
    AuditRecord audit = f.ok(transfer("orders", 3, to, 1));
    Shard after = shard("orders", 3);
    assertEquals(to, after.getOwner());
    assertEquals(to, after.getReplicas(0));
    assertEquals(before.getReplicasCount(), after.getReplicasCount());
    assertTrue(after.getReplicasList().contains(before.getOwner()), "the old owner stays a replica");
    assertEquals(2, after.getEpoch());
    assertEquals(f.index, after.getModRevision());

    assertEquals("shard.transfer", audit.getAction());
    assertEquals("alice", audit.getActor());
    assertEquals("CHG-1", audit.getChangeTicket());
    assertEquals(before, audit.getChanges(0).getBefore().getShard());
    assertEquals(after, audit.getChanges(0).getAfter().getShard());

    CommandResult stale = f.apply(transfer("orders", 3, before.getOwner(), 1));
    assertEquals(ErrorCode.CONFLICT, stale.getCode());
    assertTrue(stale.getMessage().contains("epoch 2, not 1"), stale.getMessage());
    assertEquals(after, shard("orders", 3), "a conflict changes nothing");
  }

  @Test
  void aTransferToANodeWithoutAReplicaReplacesTheOldOwner() throws Exception {
    f.standardSetup("orders", 4);
    f.ok(register("node-4", "d"));
    Shard before = shard("orders", 0);
    f.ok(transfer("orders", 0, "node-4", 0));
    Shard after = shard("orders", 0);
    assertEquals("node-4", after.getOwner());
    assertEquals(before.getReplicasList().subList(1, 3), after.getReplicasList().subList(1, 3));
    assertFalse(after.getReplicasList().contains(before.getOwner()));
    assertEquals(ErrorCode.NOT_FOUND, f.apply(transfer("orders", 0, "node-9", 0)).getCode());
    assertEquals(0, f.ok(transfer("orders", 0, "node-4", 0)).getChangesCount(), "already the owner: a no-op");
    assertEquals(after, shard("orders", 0));
  }

  @Test
  void aNodeHoldingShardsCannotBeDecommissionedAndADecommissionedNodeIsFinal() throws Exception {
    f.standardSetup("orders", 4);
    Command decommission = Command.newBuilder().setSetNodeState(SetNodeStateRequest.newBuilder().setId("node-1")
        .setState(NodeState.NODE_DECOMMISSIONED)).build();
    CommandResult refused = f.apply(decommission);
    assertEquals(ErrorCode.FAILED_PRECONDITION, refused.getCode());
    assertTrue(refused.getMessage().contains("still holds shards"), refused.getMessage());

    f.ok(register("node-9", "z"));
    f.ok(Command.newBuilder().setSetNodeState(SetNodeStateRequest.newBuilder().setId("node-9")
        .setState(NodeState.NODE_DECOMMISSIONED)).build());
    assertEquals(ErrorCode.FAILED_PRECONDITION, f.apply(Command.newBuilder().setSetNodeState(
        SetNodeStateRequest.newBuilder().setId("node-9").setState(NodeState.NODE_ACTIVE)).build()).getCode());
    assertEquals(ErrorCode.FAILED_PRECONDITION, f.apply(transfer("orders", 0, "node-9", 0)).getCode());
  }

  @Test
  void cordonedNodesGetNoShardsAtCreation() throws Exception {
    f.ok(register("node-1", "a"));
    f.ok(register("node-2", "b"));
    f.ok(register("node-3", "c"));
    f.ok(Command.newBuilder().setSetNodeState(SetNodeStateRequest.newBuilder().setId("node-3")
        .setState(NodeState.NODE_CORDONED)).build());
    f.ok(createNamespace(rendezvous("small", 6, 2)));
    f.ok(createShards("small"));
    f.read(v -> RegistryState.shards(v, "small")).forEach(s -> assertFalse(s.getReplicasList().contains("node-3")));
  }

  @Test
  void theMappingOfANamespaceWithShardsIsFixed() throws Exception {
    f.standardSetup("orders", 4);
    Namespace changed = rendezvous("orders", 8, 3);
    CommandResult refused = f.apply(Command.newBuilder().setUpdateNamespace(UpdateNamespaceRequest.newBuilder()
        .setNamespace(changed)).build());
    assertEquals(ErrorCode.FAILED_PRECONDITION, refused.getCode());
    Namespace ring = rendezvous("orders", 4, 3).toBuilder()
        .setHashing(HashingStrategy.newBuilder().setRing(HashingStrategy.Ring.getDefaultInstance())).build();
    assertEquals(ErrorCode.FAILED_PRECONDITION, f.apply(Command.newBuilder().setUpdateNamespace(
        UpdateNamespaceRequest.newBuilder().setNamespace(ring)).build()).getCode());
    AuditRecord ok = f.ok(Command.newBuilder().setUpdateNamespace(UpdateNamespaceRequest.newBuilder()
        .setNamespace(rendezvous("orders", 4, 2)).setExpectedVersion(2)).build());
    assertEquals(3, ok.getChanges(0).getAfter().getNamespace().getVersion());
    assertEquals(ErrorCode.CONFLICT, f.apply(Command.newBuilder().setUpdateNamespace(UpdateNamespaceRequest.newBuilder()
        .setNamespace(rendezvous("orders", 4, 3)).setExpectedVersion(2)).build()).getCode());
  }

  @Test
  void invalidRequestsAreRefusedBeforeTheLogWithTheFix() {
    CommandRejectedException badName = assertThrows(CommandRejectedException.class,
        () -> f.apply(createNamespace(rendezvous("Orders!", 4, 1))));
    assertEquals(ErrorCode.INVALID_ARGUMENT, badName.code());
    assertTrue(badName.hint().contains("lower-case"), badName.hint());
    CommandRejectedException noStrategy = assertThrows(CommandRejectedException.class,
        () -> f.apply(createNamespace(Namespace.newBuilder().setName("x").setShardCount(4).setReplicationFactor(1)
            .build())));
    assertTrue(noStrategy.getMessage().contains("choose rendezvous, ring or ranges"), noStrategy.getMessage());
    assertThrows(CommandRejectedException.class, () -> f.apply(register("node 1", "a")));
    assertThrows(CommandRejectedException.class, () -> f.apply(transfer("orders", -1, "node-1", 0)));
    assertEquals(0, f.index, "nothing reached the log");
  }

  @Test
  void diffAndAuditAgreeOnWhatChanged() throws Exception {
    f.standardSetup("orders", 8);
    long from = f.index;
    Shard s1 = shard("orders", 1);
    f.ok(transfer("orders", 1, s1.getReplicas(1), 0));
    f.ok(transfer("orders", 1, s1.getOwner(), 0));  // back: owner unchanged overall
    Shard s2 = shard("orders", 2);
    f.ok(transfer("orders", 2, s2.getReplicas(2), 0));
    DiffResponse diff = f.read(v -> AuditTrail.diff(v, from, 0, "orders"));
    assertEquals(1, diff.getChangesCount(), diff.toString());
    assertEquals(2, diff.getChanges(0).getShardId());
    assertEquals(s2.getOwner(), diff.getChanges(0).getBefore().getOwner());
    assertEquals(s2.getReplicas(2), diff.getChanges(0).getAfter().getOwner());
    assertEquals(3, f.read(v -> AuditTrail.page(v, from, 0, "shard/orders/")).getRecordsCount());
    assertEquals(2, f.read(v -> AuditTrail.page(v, from, 0, "shard/orders/1")).getRecordsCount());
    var creation = f.read(v -> AuditTrail.page(v, 0, 0, "shard/orders/3")).getRecords(0);
    assertEquals("shards.create", creation.getAction());
    assertEquals(1, creation.getChangesCount(), "only the change under the prefix, not all 8 shards");
    assertTrue(AuditTrail.selects("shard/orders", "shard/orders/3") && AuditTrail.selects("", "node/n1"));
    assertFalse(AuditTrail.selects("shard/orders/3", "shard/orders/30"), "whole path segments");
  }

  @Test
  void shardListsPageInOrderWithFilters() throws Exception {
    f.standardSetup("orders", 20);
    RegistryReads reads = new RegistryReads();
    List<Integer> ids = new java.util.ArrayList<>();
    String token = "";
    do {
      String t = token;
      RegistryReads.Page page = f.read(v -> reads.shards(v, ListShardsRequest.newBuilder().setNamespace("orders")
          .setLimit(7).setPageToken(t).build()));
      page.shards().forEach(s -> ids.add(s.getShardId()));
      token = page.nextPageToken();
    } while (!token.isEmpty());
    assertEquals(java.util.stream.IntStream.range(0, 20).boxed().toList(), ids);
    String owner = shard("orders", 0).getOwner();
    RegistryReads.Page owned = f.read(v -> reads.shards(v, ListShardsRequest.newBuilder().setOwner(owner).build()));
    assertTrue(owned.shards().stream().allMatch(s -> s.getOwner().equals(owner)) && !owned.shards().isEmpty());
  }

  /** Every byte of the registry and audit tables. */
  private static Map<String, String> dump(RegistryApplyFixture fixture) {
    Map<String, String> out = new java.util.TreeMap<>();
    fixture.read(v -> {
      for (io.meshkit.raft.Table t : List.of(io.meshkit.raft.Table.REGISTRY, io.meshkit.raft.Table.AUDIT)) {
        v.scan(t, null, null, (k, val) -> {
          out.put(t + "/" + java.util.HexFormat.of().formatHex(k), java.util.HexFormat.of().formatHex(val));
          return true;
        });
      }
      return null;
    });
    return out;
  }

  @Test
  void theSameCommandsGiveByteIdenticalRegistriesOnEveryReplica() throws Exception {
    try (RegistryApplyFixture other = new RegistryApplyFixture(dir.resolve("replica-2"))) {
      for (RegistryApplyFixture replica : List.of(f, other)) {
        replica.ok(register("b-node", "z1"));
        replica.ok(register("a-node", "z2"));
        replica.ok(register("c-node", "z1"));
        replica.ok(createNamespace(rendezvous("orders", 32, 2).toBuilder()
            .setPlacement(io.meshkit.proto.v1.PlacementConstraints.newBuilder().setSpreadZones(true)).build()));
        replica.ok(createShards("orders"));
        replica.ok(transfer("orders", 5, replica.read(v -> RegistryState.shard(v, "orders", 5).orElseThrow()).getReplicas(1), 0));
      }
      assertEquals(dump(f), dump(other));
      assertTrue(dump(f).size() > 32, "the dump holds the shards");
    }
  }
}
