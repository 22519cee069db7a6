package io.meshkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshkit.proto.v1.AuditChange;
import io.meshkit.proto.v1.AuditRecord;
import io.meshkit.proto.v1.DiffResponse;
import io.meshkit.proto.v1.HashingStrategy;
import io.meshkit.proto.v1.MutationResponse;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.NodeState;
import io.meshkit.proto.v1.RegistryEvent;
import io.meshkit.proto.v1.RegistryObject;
import io.meshkit.proto.v1.ResponseHeader;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.ShardChange;
import io.meshkit.proto.v1.ShardStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The json documents and table text of the ns, shards, nodes and audit commands. */
class RegistryOutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ResponseHeader HEADER = ResponseHeader.newBuilder().setClusterId("c1").setMemberId("n2")
      .setRevision(57).setRaftTerm(3).setLeaderId("n1").build();
  static final Shard BEFORE = Shard.newBuilder().setNamespace("orders").setShardId(7).setOwner("node-1")
      .addReplicas("node-1").addReplicas("node-3").setStatus(ShardStatus.SHARD_ACTIVE).setEpoch(3)
      .setCreateRevision(10).setModRevision(40).setVersion(5).build();
  static final Shard AFTER = BEFORE.toBuilder().setOwner("node-2").setReplicas(0, "node-2").setEpoch(4)
      .setModRevision(57).setVersion(6).build();
  static final Node NODE = Node.newBuilder().setId("node-2").addEndpoints("10.0.0.2:9000").addEndpoints("10.0.1.2:9000")
      .setZone("eu-1a").putLabels("disk", "ssd").putLabels("arch", "arm").setCapacityWeight(1.5)
      .setState(NodeState.NODE_ACTIVE).setRegisteredRevision(3).setModRevision(3).setVersion(1).build();

  private static String render(OutputFormat format, Object document, Consumer<PrintWriter> table) {
    StringWriter text = new StringWriter();
    new Output(format, new PrintWriter(text)).print(document, table);
    return text.toString();
  }

  private static RegistryObject wrap(Shard s) {
    return RegistryObject.newBuilder().setShard(s).build();
  }

  static MutationResponse transfer(boolean dryRun) {
    return MutationResponse.newBuilder().setHeader(HEADER).setDryRun(dryRun).setAudit(AuditRecord.newBuilder()
        .setRevision(dryRun ? 0 : 57).setApplyTimeUnixMs(1_700_000_000_000L).setActor("alice")
        .setAction("shard.transfer").setReason("drain node-1").setChangeTicket("OPS-12")
        .addChanges(AuditChange.newBuilder().setTarget("shard/orders/7").setBefore(wrap(BEFORE))
            .setAfter(wrap(AFTER)))).build();
  }

  @Test
  void aTransferPrintsOwnerAndEpochBeforeAndAfterAndTheRevision() throws Exception {
    RegistryViews.Mutation m = RegistryViews.Mutation.of(transfer(false));
    assertEquals("TARGET          CHANGE\n"
        + "shard/orders/7  owner node-1 → node-2, replicas node-1,node-3 → node-2,node-3, epoch 3 → 4\n"
        + "applied at revision 57 (shard.transfer)\n", render(OutputFormat.table, m, out -> RegistryText.mutation(out, m)));

    JsonNode doc = JSON.readTree(render(OutputFormat.json, m, out -> {}));
    assertFalse(doc.get("dry_run").asBoolean());
    assertEquals(57, doc.at("/audit/revision").asLong());
    assertEquals("alice", doc.at("/audit/actor").asText());
    assertEquals("OPS-12", doc.at("/audit/change_ticket").asText());
    assertEquals("shard/orders/7", doc.at("/audit/changes/0/target").asText());
    assertEquals("node-1", doc.at("/audit/changes/0/before/shard/owner").asText());
    assertEquals(4, doc.at("/audit/changes/0/after/shard/epoch").asLong());
    assertEquals("active", doc.at("/audit/changes/0/after/shard/status").asText());
    assertFalse(doc.at("/audit/changes/0/after").has("node"), "only the object that is set");
  }

  @Test
  void aDryRunSaysNothingWasApplied() {
    RegistryViews.Mutation m = RegistryViews.Mutation.of(transfer(true));
    String text = render(OutputFormat.table, m, out -> RegistryText.mutation(out, m));
    assertTrue(text.contains("owner node-1 → node-2"), text);
    assertTrue(text.endsWith("dry run: nothing applied (shard.transfer would make these changes)\n"), text);
  }

  @Test
  void creationsDeletionsAndNoOpsSayWhatHappened() {
    RegistryViews.Change created = new RegistryViews.Change("node/node-2", null,
        RegistryViews.ObjectInfo.of(RegistryObject.newBuilder().setNode(NODE).build()));
    assertEquals("created: state active, endpoints 10.0.0.2:9000,10.0.1.2:9000, zone eu-1a, labels arch=arm,disk=ssd, "
        + "weight 1.5", RegistryText.change(created));
    RegistryViews.Change deleted = new RegistryViews.Change("shard/orders/7", created.after(), null);
    assertEquals("deleted", RegistryText.change(deleted));

    RegistryViews.Mutation noOp = RegistryViews.Mutation.of(MutationResponse.newBuilder().setHeader(HEADER)
        .setAudit(AuditRecord.newBuilder().setAction("node.cordon")).build());
    assertEquals("nothing to change: already as asked (revision 57)\n",
        render(OutputFormat.table, noOp, out -> RegistryText.mutation(out, noOp)));
  }

  @Test
  void aNamespaceShowsItsSettingsAndRevisions() throws Exception {
    Namespace ns = Namespace.newBuilder().setName("users").setHashing(HashingStrategy.newBuilder()
        .setRanges(HashingStrategy.KeyRanges.newBuilder().addSplitPoints("g").addSplitPoints("n"))).setShardCount(3)
        .setReplicationFactor(2).setCreateRevision(5).setModRevision(9).setVersion(2).build();
    RegistryViews.NamespaceInfo info = RegistryViews.NamespaceInfo.of(ns);
    String text = render(OutputFormat.table, info, out -> RegistryText.namespace(out, info));
    assertTrue(text.startsWith("namespace users\nFIELD                   VALUE\nstrategy                ranges g,n\n"
        + "shards                  3\nreplicas                2\n"), text);
    assertTrue(text.contains("relay_replica_fallback  false\n"), text);
    assertTrue(text.contains("cooldown                0ms\n"), text);
    assertTrue(text.endsWith("revisions               created 5, modified 9, version 2\n"), text);

    JsonNode doc = JSON.readTree(render(OutputFormat.json, info, out -> {}));
    assertEquals("ranges", doc.get("strategy").asText());
    assertEquals("n", doc.at("/split_points/1").asText());
    assertFalse(doc.has("virtual_nodes"), "only for ring");
    assertEquals(3, doc.get("shard_count").asInt());
    assertEquals(0, doc.at("/policy/cooldown_ms").asLong());
    assertFalse(doc.get("shards_created").asBoolean());
    assertFalse(doc.at("/policy/relay_replica_fallback").asBoolean());
    assertTrue(doc.at("/policy/relay_replica_fallback").isBoolean());
  }

  @Test
  void listsAreTables() throws Exception {
    RegistryViews.ShardList shards = new RegistryViews.ShardList(List.of(RegistryViews.ShardInfo.of(AFTER)));
    assertEquals("NAMESPACE  SHARD  OWNER   REPLICAS       STATUS  EPOCH\n"
        + "orders     7      node-2  node-2,node-3  active  4\n",
        render(OutputFormat.table, shards, out -> RegistryText.shards(out, shards)));
    assertEquals("node-2", JSON.readTree(render(OutputFormat.json, shards, out -> {})).at("/shards/0/owner").asText());

    RegistryViews.NodeList nodes = new RegistryViews.NodeList(Views.Header.of(HEADER),
        List.of(RegistryViews.NodeInfo.of(NODE), RegistryViews.NodeInfo.of(Node.newBuilder().setId("node-9")
            .addEndpoints("h:1").setCapacityWeight(1).setState(NodeState.NODE_DECOMMISSIONED).build())));
    assertEquals("ID      STATE           ZONE   WEIGHT  ENDPOINTS                    LABELS\n"
        + "node-2  active          eu-1a  1.5     10.0.0.2:9000,10.0.1.2:9000  arch=arm,disk=ssd\n"
        + "node-9  decommissioned  -      1       h:1                          -\n",
        render(OutputFormat.table, nodes, out -> RegistryText.nodes(out, nodes)));
    JsonNode doc = JSON.readTree(render(OutputFormat.json, nodes, out -> {}));
    assertEquals("ssd", doc.at("/nodes/0/labels/disk").asText());
    assertEquals(1.5, doc.at("/nodes/0/capacity_weight").asDouble());
    assertEquals(57, doc.at("/header/revision").asLong());
  }

  @Test
  void aResolvedKeyShowsTheOwnerAndItsEndpoints() throws Exception {
    RegistryViews.Resolution r = new RegistryViews.Resolution(Views.Header.of(HEADER), "customer-42",
        RegistryViews.ShardInfo.of(AFTER), RegistryViews.NodeInfo.of(NODE));
    assertEquals("customer-42 → shard/orders/7\n"
        + "FIELD      VALUE\n"
        + "owner      node-2\n"
        + "epoch      4\n"
        + "status     active\n"
        + "replicas   node-2,node-3\n"
        + "endpoints  10.0.0.2:9000,10.0.1.2:9000\n", render(OutputFormat.table, r, out -> RegistryText.resolution(out, r)));
    JsonNode doc = JSON.readTree(render(OutputFormat.json, r, out -> {}));
    assertEquals("10.0.0.2:9000", doc.at("/owner/endpoints/0").asText());
    assertEquals(7, doc.at("/shard/shard_id").asInt());

    RegistryViews.Resolution unregistered = new RegistryViews.Resolution(r.header(), "k", r.shard(), null);
    assertTrue(render(OutputFormat.table, unregistered, out -> RegistryText.resolution(out, unregistered))
        .contains("endpoints  - (the owner is not registered)"));
  }

  @Test
  void aDiffListsTheShardsThatChanged() throws Exception {
    RegistryViews.Diff diff = RegistryViews.Diff.of(DiffResponse.newBuilder().setHeader(HEADER).setFromRevision(40)
        .setToRevision(57).addChanges(ShardChange.newBuilder().setNamespace("orders").setShardId(7).setBefore(BEFORE)
            .setAfter(AFTER).setOwnerChanged(true)).build());
    assertEquals("TARGET          CHANGE\n"
        + "shard/orders/7  owner node-1 → node-2, replicas node-1,node-3 → node-2,node-3, epoch 3 → 4\n"
        + "1 shard(s) changed owner or status after revision 40 up to 57\n",
        render(OutputFormat.table, diff, out -> RegistryText.diff(out, diff)));
    JsonNode doc = JSON.readTree(render(OutputFormat.json, diff, out -> {}));
    assertEquals(40, doc.get("from_revision").asLong());
    assertEquals("node-2", doc.at("/changes/0/after/shard/owner").asText());
  }

  @Test
  void theAuditTrailPrintsOneLinePerRecordAndItsChangesIndented() throws Exception {
    RegistryViews.AuditList list = new RegistryViews.AuditList(List.of(
        RegistryViews.Audit.of(transfer(false).getAudit())));
    assertEquals("rev 57  2023-11-14T22:13:20Z  alice  shard.transfer  reason: drain node-1  ticket: OPS-12\n"
        + "  shard/orders/7  owner node-1 → node-2, replicas node-1,node-3 → node-2,node-3, epoch 3 → 4\n",
        render(OutputFormat.table, list, out -> RegistryText.audit(out, list)));
    JsonNode doc = JSON.readTree(render(OutputFormat.json, list, out -> {}));
    assertEquals(1_700_000_000_000L, doc.at("/records/0/apply_time_unix_ms").asLong());
    assertEquals("shard.transfer", doc.at("/records/0/action").asText());
  }

  @Test
  void watchLinesNameTheTargetAndTheObject() throws Exception {
    RegistryViews.WatchLine put = RegistryViews.WatchLine.of(57, RegistryEvent.newBuilder()
        .setType(RegistryEvent.Type.PUT).setRevision(57).setObject(wrap(AFTER)).build());
    StringWriter text = new StringWriter();
    new Output(OutputFormat.table, new PrintWriter(text)).printStreamed(put, out -> RegistryText.watchLine(out, put));
    assertEquals("[rev 57] PUT shard/orders/7 owner node-2, replicas node-2,node-3, status active, epoch 4\n",
        text.toString());

    StringWriter json = new StringWriter();
    new Output(OutputFormat.json, new PrintWriter(json)).printStreamed(put, out -> {});
    assertEquals(1, json.toString().lines().count(), "JSON Lines");
    JsonNode doc = JSON.readTree(json.toString());
    assertEquals("PUT", doc.get("type").asText());
    assertEquals("shard/orders/7", doc.get("target").asText());
    assertEquals("node-2", doc.at("/object/shard/owner").asText());

    RegistryViews.WatchLine delete = RegistryViews.WatchLine.of(60, RegistryEvent.newBuilder()
        .setType(RegistryEvent.Type.DELETE).setObject(RegistryObject.newBuilder().setNamespace(Namespace.newBuilder()
            .setName("orders"))).build());
    StringWriter deleted = new StringWriter();
    RegistryText.watchLine(new PrintWriter(deleted, true), delete);
    assertEquals("[rev 60] DELETE namespace/orders\n", deleted.toString());
  }
}
