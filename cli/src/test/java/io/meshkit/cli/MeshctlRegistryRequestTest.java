package io.meshkit.cli;

import static io.meshkit.cli.MeshctlCommandLineTest.assertNoStackTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.proto.ErrorCodes;
import io.meshkit.proto.v1.ChangeInfo;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Fence;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.ListShardsRequest;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.NamespacePolicy;
import io.meshkit.proto.v1.RebalanceMode;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.NodeState;
import io.meshkit.proto.v1.PlacementConstraints;
import io.meshkit.proto.v1.SetNodeStateRequest;
import io.meshkit.proto.v1.TransferShardRequest;
import io.meshkit.proto.v1.UpdateNamespaceRequest;
import io.meshkit.proto.v1.UpdateNodeRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The request each registry command sends, and what it prints for the answer, against a fake member. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class MeshctlRegistryRequestTest {
  private FakeMember member;

  @BeforeEach
  void start() throws Exception {
    member = new FakeMember();
    member.mutationAnswer = RegistryOutputTest.transfer(false);
  }

  @AfterEach
  void stop() {
    member.close();
  }

  private Cli.Result run(Map<String, String> env, String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(new String[] {"--endpoints", member.endpoint(), "--timeout", "5s"}, 0, all, 0, 4);
    System.arraycopy(args, 0, all, 4, args.length);
    return new Cli(env, "", ClientFactory.standard()).execute(all);
  }

  private Cli.Result ok(String... args) {
    Cli.Result r = run(Map.of(), args);
    assertEquals(0, r.exitCode(), r::toString);
    return r;
  }

  @Test
  void aTransferSendsTheEpochChangeInfoFenceAndDryRunAndPrintsTheChange() {
    Cli.Result r = run(Map.of("USER", "alice"), "shards", "transfer", "orders", "7", "--to", "node-2",
        "--expected-epoch", "3", "--reason", "drain node-1", "--ticket", "OPS-12", "--fence", "ctl:9", "--dry-run");
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(List.of(TransferShardRequest.newBuilder().setNamespace("orders").setShardId(7).setTo("node-2")
        .setExpectedEpoch(3).setChange(ChangeInfo.newBuilder().setActor("alice").setReason("drain node-1")
            .setChangeTicket("OPS-12")).setFence(Fence.newBuilder().setScope("ctl").setToken(9)).setDryRun(true).build()),
        member.received(TransferShardRequest.class));
    assertTrue(r.out().contains("shard/orders/7  owner node-1 → node-2"), r::toString);
    assertTrue(r.out().contains("dry run: nothing applied"), r::toString);
  }

  @Test
  void theActorIsTheOptionElseTheUserElseMeshctlAndNoFenceIsSentUnlessGiven() {
    ok("nodes", "cordon", "node-1", "--actor", "bob");
    run(Map.of(), "nodes", "drain", "node-1");
    List<SetNodeStateRequest> sent = member.received(SetNodeStateRequest.class);
    assertEquals(List.of("bob", AuditOptions.DEFAULT_ACTOR), sent.stream().map(s -> s.getChange().getActor()).toList());
    assertEquals(List.of(NodeState.NODE_CORDONED, NodeState.NODE_DRAINING),
        sent.stream().map(SetNodeStateRequest::getState).toList());
    assertFalse(sent.get(0).hasFence());
    assertFalse(sent.get(0).getDryRun());
  }

  @Test
  void nsCreateSendsTheNamespaceTheOptionsDescribe() {
    ok("ns", "create", "users", "--strategy", "ranges", "--split-points", "g,n", "--replicas", "2", "--zones",
        "eu-1a,eu-1b", "--node-label", "disk=ssd", "--spread-zones", "--cooldown", "5m", "--rebalance-mode", "dry-run",
        "--max-moves-per-plan", "8", "--max-unhealthy-nodes", "2", "--scoring-weight", "balance=1",
        "--scoring-weight", "latency=0.8", "--relay-replica-fallback");
    Namespace sent = member.received(CreateNamespaceRequest.class).get(0).getNamespace();
    assertEquals(Namespace.newBuilder().setName("users").setHashing(HashingStrategy.newBuilder().setRanges(
        HashingStrategy.KeyRanges.newBuilder().addSplitPoints("g").addSplitPoints("n"))).setShardCount(3)
        .setReplicationFactor(2).setPlacement(sent.getPlacement()).setPolicy(NamespacePolicy.newBuilder()
            .setCooldownMs(300_000).setMode(RebalanceMode.REBALANCE_DRY_RUN).setMaxMovesPerPlan(8)
            .setMaxUnhealthyNodes(2).putScoringWeights("balance", 1).putScoringWeights("latency", 0.8)
            .setRelayReplicaFallback(true)).build(), sent);
    assertEquals(List.of("eu-1a", "eu-1b"), sent.getPlacement().getZonesList());
    assertEquals(Map.of("disk", "ssd"), sent.getPlacement().getNodeLabelsMap());
    assertTrue(sent.getPlacement().getSpreadZones());
  }

  @Test
  void nsUpdateChangesOnlyWhatItNamesAtTheVersionItRead() {
    member.namespace = Namespace.newBuilder().setName("orders").setHashing(HashingStrategy.newBuilder()
        .setRing(HashingStrategy.Ring.newBuilder().setVirtualNodes(64))).setShardCount(64).setReplicationFactor(3)
        .setPolicy(NamespacePolicy.newBuilder().setMaxConcurrentMoves(2).setApprovalRequired(true)).setVersion(4)
        .build();
    ok("ns", "update", "orders", "--max-concurrent-moves", "5", "--no-approval-required");
    ok("ns", "update", "orders", "--replicas", "5", "--expected-version", "2");
    List<UpdateNamespaceRequest> sent = member.received(UpdateNamespaceRequest.class);
    assertEquals(member.namespace.toBuilder().setPolicy(NamespacePolicy.newBuilder().setMaxConcurrentMoves(5)
        .setApprovalRequired(true).setMode(RebalanceMode.REBALANCE_AUTO))
        .setPlacement(PlacementConstraints.getDefaultInstance()).build(), sent.get(0).getNamespace());
    assertEquals(4, sent.get(0).getExpectedVersion(), "the version read");
    assertEquals(5, sent.get(1).getNamespace().getReplicationFactor());
    assertEquals(2, sent.get(1).getExpectedVersion(), "the version given");
  }

  @Test
  void nodesUpdateKeepsWhatItDoesNotName() {
    member.node = RegistryOutputTest.NODE.toBuilder().setVersion(7).build();
    ok("nodes", "update", "node-2", "--weight", "3");
    UpdateNodeRequest sent = member.received(UpdateNodeRequest.class).get(0);
    assertEquals(member.node.toBuilder().setCapacityWeight(3).build(), sent.getNode());
    assertEquals(7, sent.getExpectedVersion());
  }

  @Test
  void shardsListFollowsPagesUpToTheLimit() throws Exception {
    assertEquals(6, ok("shards", "list", "--namespace", "orders").out().lines().count(), "a header and 5 shards");
    assertEquals(4, ok("shards", "list", "--limit", "3", "-o", "json").out().split("\"shard_id\"").length);
    List<ListShardsRequest> sent = member.received(ListShardsRequest.class);
    assertEquals(List.of("", "2", "4", "", "2"), sent.stream().map(ListShardsRequest::getPageToken).toList());
    assertEquals(ShardsListCommand.MAX_PAGE, sent.get(0).getLimit());
    assertEquals(3, sent.get(3).getLimit());
  }

  @Test
  void aConflictExitsOneWithTheServersMessageAndAReReadHint() {
    member.failWith = ErrorCodes.toException(ErrorCode.CONFLICT, "shard/orders/7 is at epoch 4, not 3", "");
    Cli.Result r = run(Map.of(), "shards", "transfer", "orders", "7", "--to", "node-2", "--expected-epoch", "3");
    assertEquals(ExitCodes.REFUSED, r.exitCode(), r::toString);
    assertEquals("Error: shard/orders/7 is at epoch 4, not 3\nHint: " + ErrorReporter.CONFLICT_HINT + "\n", r.err());
    assertNoStackTrace(r);
    assertEquals(1, member.received(TransferShardRequest.class).size(), "a refused change is not resent");
  }

  @Test
  void aFailedPreconditionExitsOneWithItsHint() {
    member.failWith = ErrorCodes.toException(ErrorCode.FAILED_PRECONDITION, "node node-1 still holds shards",
        "drain it and move its shards first");
    Cli.Result r = run(Map.of(), "nodes", "decommission", "node-1");
    assertEquals(ExitCodes.REFUSED, r.exitCode(), r::toString);
    assertEquals("Error: node node-1 still holds shards\nHint: drain it and move its shards first\n", r.err());
  }

  @Test
  void aLostAnswerLeavesARealChangeInDoubtButNotADryRun() {
    member.failWith = ErrorCodes.toException(ErrorCode.TIMEOUT, "timed out", "");
    Cli.Result real = run(Map.of(), "nodes", "cordon", "node-1");
    assertTrue(real.err().contains(ErrorReporter.OUTCOME_UNKNOWN), real::toString);
    Cli.Result dryRun = run(Map.of(), "nodes", "cordon", "node-1", "--dry-run");
    assertFalse(dryRun.err().contains(ErrorReporter.OUTCOME_UNKNOWN), dryRun::toString);
  }

  @Test
  void readsSendSerializableWhenAsked() {
    member.node = Node.newBuilder().setId("node-1").build();
    ok("nodes", "get", "node-1", "--serializable");
    assertTrue(member.received(io.meshkit.proto.v1.GetNodeRequest.class).get(0).getSerializable());
  }
}
