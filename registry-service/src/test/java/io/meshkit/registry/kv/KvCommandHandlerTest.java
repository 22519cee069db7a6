package io.meshkit.registry.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.v1.Compare;
import io.meshkit.proto.v1.DeleteRangeRequest;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.KeyValue;
import io.meshkit.proto.v1.PutRequest;
import io.meshkit.proto.v1.RangeRequest;
import io.meshkit.proto.v1.RequestOp;
import io.meshkit.proto.v1.TxnRequest;
import io.meshkit.proto.v1.TxnResponse;
import io.meshkit.raft.CommandRejectedException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KV semantics on a real RocksDB store: revisions, versions, ranges, deletes, transactions. */
class KvCommandHandlerTest {
  @TempDir
  Path dir;
  KvApplyFixture kv;

  @BeforeEach
  void open() {
    kv = new KvApplyFixture(dir);
  }

  @AfterEach
  void close() {
    kv.close();
  }

  static ByteString b(String s) {
    return ByteString.copyFromUtf8(s);
  }

  static Command put(String k, String v) {
    return Command.newBuilder().setPut(PutRequest.newBuilder().setKey(b(k)).setValue(b(v)).setPrevKv(true)).build();
  }

  static Command delete(String k, String end) {
    return Command.newBuilder().setDeleteRange(DeleteRangeRequest.newBuilder().setKey(b(k)).setRangeEnd(b(end))
        .setPrevKv(true)).build();
  }

  KeyValue get(String key) {
    var r = kv.range(RangeRequest.newBuilder().setKey(b(key)).build());
    return r.getKvsCount() == 0 ? null : r.getKvs(0);
  }

  @Test
  void putTracksCreateRevisionModRevisionAndVersion() throws Exception {
    kv.apply(put("a", "1"));
    KeyValue first = get("a");
    assertEquals(1, first.getCreateRevision());
    assertEquals(1, first.getModRevision());
    assertEquals(1, first.getVersion());

    kv.apply(put("other", "x"));
    CommandResult second = kv.apply(put("a", "2"));
    assertEquals("1", second.getPut().getPrevKv().getValue().toStringUtf8(), "prev_kv is the value before");
    KeyValue now = get("a");
    assertEquals(1, now.getCreateRevision(), "create revision survives updates");
    assertEquals(3, now.getModRevision(), "mod revision is the Raft index of the update");
    assertEquals(2, now.getVersion());
    assertEquals(3, second.getRevision());

    kv.apply(delete("a", ""));
    assertEquals(null, get("a"));
    kv.apply(put("a", "3"));
    KeyValue recreated = get("a");
    assertEquals(5, recreated.getCreateRevision(), "a deleted key starts over");
    assertEquals(1, recreated.getVersion());
  }

  @Test
  void rangeSupportsPrefixLimitCountAndKeysOnly() throws Exception {
    for (String k : new String[] {"app/a", "app/b", "app/c", "apq", "zz"}) {
      kv.apply(put(k, "v-" + k));
    }
    var prefix = kv.range(RangeRequest.newBuilder().setKey(b("app/")).setRangeEnd(b("app0")).build());
    assertEquals(java.util.List.of("app/a", "app/b", "app/c"), KvApplyFixture.keys(prefix));
    assertEquals(3, prefix.getCount());
    assertFalse(prefix.getMore());

    var limited = kv.range(RangeRequest.newBuilder().setKey(b("app/")).setRangeEnd(b("app0")).setLimit(2).build());
    assertEquals(java.util.List.of("app/a", "app/b"), KvApplyFixture.keys(limited));
    assertTrue(limited.getMore());
    assertEquals(3, limited.getCount());

    var fromKey = kv.range(RangeRequest.newBuilder().setKey(b("apq")).setRangeEnd(ByteString.copyFrom(new byte[] {0}))
        .setKeysOnly(true).build());
    assertEquals(java.util.List.of("apq", "zz"), KvApplyFixture.keys(fromKey));
    assertTrue(fromKey.getKvs(0).getValue().isEmpty(), "keys_only leaves values out");

    var countOnly = kv.range(RangeRequest.newBuilder().setKey(b("a")).setRangeEnd(b("b")).setCountOnly(true).build());
    assertEquals(4, countOnly.getCount());
    assertEquals(0, countOnly.getKvsCount());
  }

  @Test
  void deleteRangeRemovesEveryKeyInRangeAndReportsThem() throws Exception {
    kv.apply(put("d/1", "x"));
    kv.apply(put("d/2", "y"));
    kv.apply(put("e", "z"));
    CommandResult result = kv.apply(delete("d/", "d0"));
    assertEquals(2, result.getDeleteRange().getDeleted());
    assertEquals(2, result.getDeleteRange().getPrevKvsCount());
    assertEquals(null, get("d/1"));
    assertEquals("z", get("e").getValue().toStringUtf8());
    assertEquals(0, kv.apply(delete("missing", "")).getDeleteRange().getDeleted());
  }

  @Test
  void txnTakesTheBranchItsComparesSelectAndSeesItsOwnWrites() throws Exception {
    kv.apply(put("lock", "free"));
    TxnRequest casFreeToHeld = TxnRequest.newBuilder()
        .addCompare(Compare.newBuilder().setKey(b("lock")).setTarget(Compare.CompareTarget.VALUE)
            .setResult(Compare.CompareResult.EQUAL).setValue(b("free")))
        .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(b("lock")).setValue(b("held"))))
        .addSuccess(RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(b("lock"))))
        .addFailure(RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(b("lock"))))
        .build();
    TxnResponse won = kv.apply(Command.newBuilder().setTxn(casFreeToHeld).build()).getTxn();
    assertTrue(won.getSucceeded());
    assertEquals("held", won.getResponses(1).getResponseRange().getKvs(0).getValue().toStringUtf8(),
        "a read after a put in the same transaction sees the put");

    TxnResponse lost = kv.apply(Command.newBuilder().setTxn(casFreeToHeld).build()).getTxn();
    assertFalse(lost.getSucceeded());
    assertEquals("held", lost.getResponses(0).getResponseRange().getKvs(0).getValue().toStringUtf8());
    assertEquals(2, get("lock").getVersion(), "the failed compare-and-set wrote nothing");
  }

  @Test
  void txnComparesVersionCreateAndModRevisionsWithMissingKeysAsZero() throws Exception {
    TxnRequest createIfAbsent = TxnRequest.newBuilder()
        .addCompare(Compare.newBuilder().setKey(b("once")).setTarget(Compare.CompareTarget.CREATE)
            .setResult(Compare.CompareResult.EQUAL).setCreateRevision(0))
        .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(b("once")).setValue(b("1"))))
        .build();
    assertTrue(kv.apply(Command.newBuilder().setTxn(createIfAbsent).build()).getTxn().getSucceeded());
    assertFalse(kv.apply(Command.newBuilder().setTxn(createIfAbsent).build()).getTxn().getSucceeded());

    long mod = get("once").getModRevision();
    TxnRequest modGreater = TxnRequest.newBuilder()
        .addCompare(Compare.newBuilder().setKey(b("once")).setTarget(Compare.CompareTarget.MOD)
            .setResult(Compare.CompareResult.LESS).setModRevision(mod + 1))
        .addCompare(Compare.newBuilder().setKey(b("once")).setTarget(Compare.CompareTarget.VERSION)
            .setResult(Compare.CompareResult.GREATER).setVersion(0))
        .build();
    assertTrue(kv.apply(Command.newBuilder().setTxn(modGreater).build()).getTxn().getSucceeded());

    TxnRequest valueOfMissing = TxnRequest.newBuilder()
        .addCompare(Compare.newBuilder().setKey(b("nope")).setTarget(Compare.CompareTarget.VALUE)
            .setResult(Compare.CompareResult.NOT_EQUAL).setValue(b("x")))
        .build();
    assertFalse(kv.apply(Command.newBuilder().setTxn(valueOfMissing).build()).getTxn().getSucceeded(),
        "a value compare against a missing key is false");
  }

  @Test
  void invalidRequestsAreRejectedBeforeTheLogWithTheirCode() {
    assertCode(ErrorCode.EMPTY_KEY, put("", "v"));
    assertCode(ErrorCode.KEY_TOO_LARGE, put("k".repeat(4097), "v"));
    assertCode(ErrorCode.VALUE_TOO_LARGE, Command.newBuilder().setPut(PutRequest.newBuilder().setKey(b("k"))
        .setValue(ByteString.copyFrom(new byte[(1 << 20) + 1]))).build());
    TxnRequest.Builder many = TxnRequest.newBuilder();
    for (int i = 0; i < 129; i++) {
      many.addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(b("k" + i))));
    }
    assertCode(ErrorCode.TOO_MANY_TXN_OPS, Command.newBuilder().setTxn(many).build());
    TxnRequest twice = TxnRequest.newBuilder()
        .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(b("k"))))
        .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(b("k"))))
        .build();
    assertCode(ErrorCode.DUPLICATE_KEY_IN_TXN, Command.newBuilder().setTxn(twice).build());
    assertCode(ErrorCode.INVALID_ARGUMENT, Command.newBuilder().setPut(PutRequest.newBuilder().setKey(b("k"))
        .setLease(-7)).build());
    assertEquals(0, kv.store.applied().getIndex(), "nothing rejected reached the store");
  }

  private void assertCode(ErrorCode expected, Command command) {
    CommandRejectedException e = assertThrows(CommandRejectedException.class, () -> kv.apply(command));
    assertEquals(expected, e.code(), e.getMessage());
    assertFalse(e.getMessage().isBlank());
    assertFalse(e.hint().isBlank(), "every rejection says how to fix it");
    kv.index--;
  }
}
