package io.meshkit.registry.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CompactCommand;
import io.meshkit.proto.v1.Compare;
import io.meshkit.proto.v1.DeleteRangeRequest;
import io.meshkit.proto.v1.PutRequest;
import io.meshkit.proto.v1.RequestOp;
import io.meshkit.proto.v1.TxnRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas fed the same log end byte-identical — every table, including watch history and the
 * applied state — and a replica that restarts mid-log and replays from the start ends identical too
 * (no entry applied twice).
 */
class DeterminismTest {
  @TempDir
  Path dir;

  /** A seeded mix of puts, deletes, CAS transactions and compactions over a small keyspace. */
  static List<Command> log(long seed, int size) {
    Random random = new Random(seed);
    List<Command> log = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      String key = "k" + random.nextInt(40);
      ByteString value = ByteString.copyFromUtf8("v" + random.nextInt(1000));
      int kind = random.nextInt(10);
      if (kind < 5) {
        log.add(Command.newBuilder().setPut(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(key))
            .setValue(value)).build());
      } else if (kind < 7) {
        String end = random.nextBoolean() ? "" : key + "5";
        log.add(Command.newBuilder().setDeleteRange(DeleteRangeRequest.newBuilder()
            .setKey(ByteString.copyFromUtf8(key)).setRangeEnd(ByteString.copyFromUtf8(end))).build());
      } else if (kind < 9) {
        log.add(Command.newBuilder().setTxn(TxnRequest.newBuilder()
            .addCompare(Compare.newBuilder().setKey(ByteString.copyFromUtf8(key))
                .setTarget(Compare.CompareTarget.VERSION).setResult(Compare.CompareResult.LESS)
                .setVersion(random.nextInt(4)))
            .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder()
                .setKey(ByteString.copyFromUtf8(key)).setValue(value)))
            .addFailure(RequestOp.newBuilder().setRequestDeleteRange(DeleteRangeRequest.newBuilder()
                .setKey(ByteString.copyFromUtf8(key))))).build());
      } else {
        log.add(Command.newBuilder().setCompact(CompactCommand.newBuilder()
            .setRevision(Math.max(1, i - random.nextInt(50)))).build());
      }
    }
    return log;
  }

  @Test
  void twoStoresFedTheSameLogEndByteIdentical() throws Exception {
    List<Command> log = log(42, 600);
    try (KvApplyFixture a = new KvApplyFixture(dir.resolve("a"));
        KvApplyFixture b = new KvApplyFixture(dir.resolve("b"))) {
      for (Command c : log) {
        a.applyAt(++a.index, c);
        b.applyAt(++b.index, c);
      }
      var dump = a.dump();
      assertTrue(dump.keySet().stream().filter(k -> k.startsWith("KV/")).count() > 10 && dump.keySet().stream().anyMatch(k -> k.startsWith("EVENTS/")), "the log must leave a non-trivial state to compare");
      assertEquals(dump, b.dump());
    }
  }

  @Test
  void aStoreRestartedMidLogAndReplayedFromTheStartEndsIdentical() throws Exception {
    List<Command> log = log(7, 400);
    try (KvApplyFixture straight = new KvApplyFixture(dir.resolve("straight"));
        KvApplyFixture restarted = new KvApplyFixture(dir.resolve("restarted"))) {
      for (int i = 0; i < log.size(); i++) {
        straight.applyAt(i + 1, log.get(i));
      }
      for (int i = 0; i < 250; i++) {
        restarted.applyAt(i + 1, log.get(i));
      }
      restarted.reopen();
      assertEquals(250, restarted.store.applied().getIndex());
      // Ratis replays from the last snapshot (here: from the start); applied entries must be skipped.
      for (int i = 0; i < log.size(); i++) {
        restarted.applyAt(i + 1, log.get(i));
      }
      assertEquals(straight.dump(), restarted.dump());
    }
  }
}
