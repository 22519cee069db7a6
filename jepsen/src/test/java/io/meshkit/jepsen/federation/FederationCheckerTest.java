package io.meshkit.jepsen.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.jepsen.History;
import io.meshkit.jepsen.HistoryRecorder;
import io.meshkit.jepsen.Op;
import io.meshkit.jepsen.OpFunction;
import io.meshkit.jepsen.ShardState;
import io.meshkit.jepsen.ShardTransfer;
import io.meshkit.jepsen.Verdict;
import io.meshkit.proto.v1.AuditChange;
import io.meshkit.proto.v1.AuditRecord;
import io.meshkit.proto.v1.RegistryObject;
import io.meshkit.proto.v1.Shard;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The federation checker on hand-built inputs: a faithful copy is valid; a change applied twice, a
 * skipped change, a lost acknowledged transfer, a copy that differs and a write that was not replication
 * are each caught.
 */
class FederationCheckerTest {
  private static final String NS = "orders";

  private static Shard shard(int id, String owner, long epoch) {
    return Shard.newBuilder().setNamespace(NS).setShardId(id).setOwner(owner).addReplicas(owner).setEpoch(epoch)
        .build();
  }

  /** One audit record on the standby at {@code revision}, made by {@code action}, changing {@code shards}. */
  private static AuditRecord record(long revision, String action, Shard... shards) {
    AuditRecord.Builder r = AuditRecord.newBuilder().setRevision(revision).setAction(action)
        .setActor("replication from eu");
    for (Shard s : shards) {
      r.addChanges(AuditChange.newBuilder().setTarget("shard/" + NS + "/" + s.getShardId())
          .setAfter(RegistryObject.newBuilder().setShard(s)));
    }
    return r.build();
  }

  private static AuditRecord replicated(long revision, Shard... shards) {
    return record(revision, FederationChecker.REPLICATE, shards);
  }

  /**
   * The first copy (both shards at epoch 1), then shard 0 to b (2) and back to a (3), shard 1 to c (2):
   * what the standby holds when every change arrived once.
   */
  private static List<AuditRecord> faithfulTrail() {
    return List.of(replicated(10, shard(0, "a", 1), shard(1, "b", 1)), replicated(11, shard(0, "b", 2)),
        replicated(12, shard(0, "a", 3), shard(1, "c", 2)));
  }

  /** The primary acknowledged the three transfers of {@link #faithfulTrail()}. */
  private static History acknowledged() {
    HistoryRecorder h = new HistoryRecorder();
    transfer(h, 0, 0, "b", 1);
    transfer(h, 1, 0, "a", 2);
    transfer(h, 2, 1, "c", 1);
    return h.history();
  }

  /** An OK transfer of {@code shard} to {@code to} at {@code expected}: the shard at expected + 1. */
  private static void transfer(HistoryRecorder h, int process, int shard, String to, long expected) {
    Op invoke = h.invoke(process, OpFunction.TRANSFER, "shard-" + shard, new ShardTransfer(shard, to, expected));
    h.ok(invoke, new ShardState(shard, to, expected + 1, 20 + expected, 20 + expected));
  }

  private static final List<Shard> FINAL = List.of(shard(0, "a", 3), shard(1, "c", 2));

  private static FederationChecker.Result check(List<Shard> primary, List<Shard> standby, List<AuditRecord> trail,
      History history) {
    return new FederationChecker().check(NS, primary, standby, trail, history);
  }

  private static void assertCaught(FederationChecker.Result r, String rule, String says) {
    assertEquals(Verdict.INVALID, r.verdict(), r.describe());
    assertTrue(r.anomalies().stream().anyMatch(a -> a.startsWith(rule + ":") && a.contains(says)),
        r.anomalies().toString());
  }

  @Test
  void aCopyWithEveryChangeOnceIsValid() {
    FederationChecker.Result r = check(FINAL, FINAL, faithfulTrail(), acknowledged());
    assertEquals(Verdict.VALID, r.verdict(), r.anomalies().toString());
    assertTrue(r.describe().contains("3 audit records"), r.describe());
    assertTrue(r.describe().contains("3 transfers acknowledged"), r.describe());
    assertTrue(r.detail().contains("shard 0: primary a@3, standby a@3; replicated epochs 1..3"), r.detail());
  }

  @Test
  void aChangeAppliedTwiceIsCaught() {
    List<AuditRecord> trail = new ArrayList<>(faithfulTrail());
    trail.add(2, replicated(13, shard(0, "b", 2)));  // epoch 2 again, before epoch 3
    trail.set(3, replicated(14, shard(0, "a", 3), shard(1, "c", 2)));
    FederationChecker.Result r = check(FINAL, FINAL, trail, acknowledged());
    assertCaught(r, "exactly once", "shard/orders/0 epoch 2 applied twice");
    assertTrue(r.detail().contains("replicated epochs 1..2, 2..3"), r.detail());
  }

  @Test
  void aSkippedChangeIsCaught() {
    List<AuditRecord> trail = List.of(replicated(10, shard(0, "a", 1), shard(1, "b", 1)),
        replicated(12, shard(0, "a", 3), shard(1, "c", 2)));
    FederationChecker.Result r = check(FINAL, FINAL, trail, acknowledged());
    assertCaught(r, "exactly once", "shard/orders/0 skipped epoch 2 (from 1 at revision 10 to 3 at revision 12)");
  }

  @Test
  void anAcknowledgedTransferTheStandbyNeverGotIsLost() {
    // The primary acknowledged shard 1 to d at epoch 3; both clusters show epoch 2: it is nowhere.
    HistoryRecorder h = new HistoryRecorder();
    transfer(h, 0, 0, "b", 1);
    transfer(h, 1, 0, "a", 2);
    transfer(h, 2, 1, "c", 1);
    transfer(h, 3, 1, "d", 2);
    FederationChecker.Result r = check(FINAL, FINAL, faithfulTrail(), h.history());
    assertCaught(r, "no lost acknowledged write", "shard 1 to d acknowledged at epoch 3");
  }

  @Test
  void anAcknowledgedTransferWhoseEpochTheStandbyGaveAnotherOwnerIsLost() {
    HistoryRecorder h = new HistoryRecorder();
    transfer(h, 0, 0, "c", 1);  // acknowledged: shard 0 to c at epoch 2; the standby replicated b at epoch 2
    FederationChecker.Result r = check(FINAL, FINAL, faithfulTrail(), h.history());
    assertCaught(r, "no lost acknowledged write", "replicated epoch 2 with owner b");
  }

  @Test
  void aCopyBehindTheSourceIsCaught() {
    List<Shard> behind = List.of(shard(0, "b", 2), shard(1, "c", 2));
    List<AuditRecord> trail = List.of(replicated(10, shard(0, "a", 1), shard(1, "b", 1)),
        replicated(11, shard(0, "b", 2)), replicated(12, shard(1, "c", 2)));
    FederationChecker.Result r = check(FINAL, behind, trail, acknowledged());
    assertCaught(r, "copy equals source", "shard 0 is a@3 on the primary, b@2 on the standby");
    assertCaught(r, "no lost acknowledged write", "shard 0 to a acknowledged at epoch 3");
  }

  @Test
  void aShardMissingOnEitherSideIsCaught() {
    FederationChecker.Result r = check(FINAL, List.of(shard(0, "a", 3), shard(2, "x", 1)), faithfulTrail(),
        acknowledged());
    assertCaught(r, "copy equals source", "shard 1 (c@2 on the primary) is missing on the standby");
    assertCaught(r, "copy equals source", "shard 2 (x@1) is on the standby only");
  }

  @Test
  void aChangeOfTheCopyThatIsNotReplicationIsCaught() {
    List<AuditRecord> trail = new ArrayList<>(faithfulTrail());
    trail.add(record(13, "shard.transfer", shard(1, "d", 3)));
    FederationChecker.Result r = check(FINAL, FINAL, trail, acknowledged());
    assertCaught(r, "exactly once", "shard/orders/1 was changed at revision 13 by shard.transfer");
  }

  @Test
  void aChangeWithoutItsAuditRecordIsCaught() {
    List<AuditRecord> trail = faithfulTrail().subList(0, 2);  // the trail ends at epoch 2 of shard 0
    FederationChecker.Result r = check(FINAL, FINAL, trail, acknowledged());
    assertCaught(r, "exactly once", "shard/orders/0 is at epoch 3 on the standby, but its audit trail ends at epoch 2");
  }

  @Test
  void nothingAcknowledgedIsUnknown() {
    FederationChecker.Result r = check(FINAL, FINAL, faithfulTrail(), new HistoryRecorder().history());
    assertEquals(Verdict.UNKNOWN, r.verdict(), r.anomalies().toString());
  }

  @Test
  void longListsOfOneRuleAreCut() {
    List<AuditRecord> trail = new ArrayList<>();
    trail.add(replicated(10, shard(0, "a", 1)));
    for (int i = 0; i < FederationChecker.MAX_LISTED + 5; i++) {
      trail.add(replicated(11 + i, shard(0, "a", 1)));
    }
    FederationChecker.Result r = check(List.of(shard(0, "a", 1)), List.of(shard(0, "a", 1)), trail,
        new HistoryRecorder().history());
    assertEquals(FederationChecker.MAX_LISTED + 1, r.anomalies().size(), r.anomalies().toString());
    assertEquals("exactly once: 5 more", r.anomalies().get(FederationChecker.MAX_LISTED));
  }

  @Test
  void epochRunsCollapse() {
    assertEquals("1..3, 3..4, 6", FederationChecker.runs(List.of(1L, 2L, 3L, 3L, 4L, 6L)));
    assertEquals("none", FederationChecker.runs(List.of()));
    assertEquals("7", FederationChecker.runs(List.of(7L)));
  }
}
