package io.meshkit.raft;

import static io.meshkit.raft.TestData.b;
import static io.meshkit.raft.TestData.putEvent;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.proto.internal.v1.AppliedState;
import io.meshkit.proto.internal.v1.StoredEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntryBatchTest {
  @TempDir
  Path dir;
  private MeshStore store;

  @BeforeEach
  void open() {
    store = MeshStore.open(dir.resolve("db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static String hex(byte[] key) {
    return HexFormat.of().formatHex(key);
  }

  /** Keys (hex) and values (strings) visited by a scan of KV over [from, to). */
  private static List<String> scan(KeyValueReader reader, byte[] from, byte[] to) {
    List<String> out = new ArrayList<>();
    reader.scan(Table.KV, from, to, (k, v) -> {
      out.add(hex(k) + "=" + TestData.s(v));
      return true;
    });
    return out;
  }

  private void commitKv(long index, byte[]... keys) {
    EntryBatch batch = store.newBatch(1, index, index);
    for (byte[] key : keys) {
      batch.put(Table.KV, key, b("c"));
    }
    batch.commit();
  }

  @Test
  void getSeesPendingPutsAndDeletesOverCommittedState() {
    commitKv(1, b("a"), b("b"));
    EntryBatch batch = store.newBatch(1, 2, 2);
    batch.put(Table.KV, b("a"), b("new"));
    batch.delete(Table.KV, b("b"));
    batch.put(Table.KV, b("c"), b("created"));
    batch.put(Table.KV, b("empty"), new byte[0]);

    assertEquals("new", TestData.s(batch.get(Table.KV, b("a")).orElseThrow()));
    assertTrue(batch.get(Table.KV, b("b")).isEmpty(), "pending delete hides the committed value");
    assertEquals("created", TestData.s(batch.get(Table.KV, b("c")).orElseThrow()));
    assertEquals(0, batch.get(Table.KV, b("empty")).orElseThrow().length, "an empty value is not a delete");
    assertTrue(batch.get(Table.KV, b("zzz")).isEmpty());

    // The committed database is untouched until commit.
    try (ReadView view = store.readView()) {
      assertEquals("c", TestData.s(view.get(Table.KV, b("a")).orElseThrow()));
      assertTrue(view.get(Table.KV, b("b")).isPresent());
      assertTrue(view.get(Table.KV, b("c")).isEmpty());
    }
    batch.commit();
    try (ReadView view = store.readView()) {
      assertEquals("new", TestData.s(view.get(Table.KV, b("a")).orElseThrow()));
      assertTrue(view.get(Table.KV, b("b")).isEmpty());
      assertEquals(List.of("a", "c", "empty"), TestData.keys(view, Table.KV));
    }
  }

  @Test
  void pendingWritesAreCopiedNotAliased() {
    byte[] key = b("k");
    byte[] value = b("v1");
    EntryBatch batch = store.newBatch(1, 1, 1);
    batch.put(Table.KV, key, value);
    value[1] = '9';
    key[0] = 'x';
    assertEquals("v1", TestData.s(batch.get(Table.KV, b("k")).orElseThrow()));
  }

  @Test
  void scanMergesPendingWithCommittedInUnsignedOrder() {
    // Committed keys on both sides of the signed/unsigned boundary (0x7F / 0x80).
    commitKv(1, b(0x01), b(0x7F), b(0x80), b(0xFF), b(0x80, 0x00), b(0x10));
    EntryBatch batch = store.newBatch(1, 2, 2);
    batch.put(Table.KV, b(0x90), b("p"));       // new key between committed keys
    batch.put(Table.KV, b(0x80), b("p"));       // overwrites a committed key
    batch.delete(Table.KV, b(0x7F));            // deletes a committed key
    batch.delete(Table.KV, b(0x50));            // deletes a key that never existed
    batch.put(Table.KV, b(0x00), b("p"));       // before every committed key
    batch.put(Table.KV, b(0xFF, 0x01), b("p")); // after every committed key

    assertEquals(List.of("00=p", "01=c", "10=c", "80=p", "8000=c", "90=p", "ff=c", "ff01=p"),
        scan(batch, null, null));
    assertEquals(List.of("00=p", "01=c", "10=c", "80=p", "8000=c", "90=p", "ff=c", "ff01=p"),
        scan(batch, new byte[0], null), "an empty from is the start of the table");
  }

  @Test
  void scanHonoursHalfOpenBounds() {
    commitKv(1, b("a"), b("c"), b("e"), b("g"));
    EntryBatch batch = store.newBatch(1, 2, 2);
    batch.put(Table.KV, b("b"), b("p"));
    batch.put(Table.KV, b("f"), b("p"));
    batch.put(Table.KV, b("h"), b("p"));
    batch.put(Table.KV, b("0"), b("p"));

    // [b, f): from is inclusive (pending key b), to is exclusive (pending key f).
    assertEquals(List.of("62=p", "63=c", "65=c"), scan(batch, b("b"), b("f")));
    // [c, g): from inclusive on a committed key, to exclusive on a committed key.
    assertEquals(List.of("63=c", "65=c", "66=p"), scan(batch, b("c"), b("g")));
    // Open end still includes the pending key after the last committed key.
    assertEquals(List.of("67=c", "68=p"), scan(batch, b("g"), null));
    // Empty and inverted ranges visit nothing.
    assertEquals(List.of(), scan(batch, b("c"), b("c")));
    assertEquals(List.of(), scan(batch, b("f"), b("b")));
    // A range with only pending keys.
    assertEquals(List.of("30=p"), scan(batch, b("0"), b("1")));
  }

  @Test
  void scanStopsWhenVisitorReturnsFalse() {
    commitKv(1, b("b"), b("d"), b("f"));
    EntryBatch batch = store.newBatch(1, 2, 2);
    batch.put(Table.KV, b("a"), b("p"));
    batch.put(Table.KV, b("c"), b("p"));
    batch.put(Table.KV, b("x"), b("p"));
    batch.put(Table.KV, b("y"), b("p"));
    List<String> all = List.of("a", "b", "c", "d", "f", "x", "y");
    // Stop after every possible count: on a pending key before a committed one, on a committed key,
    // and on the pending keys visited after the committed scan ended.
    for (int limit = 1; limit <= all.size(); limit++) {
      List<String> seen = new ArrayList<>();
      int max = limit;
      batch.scan(Table.KV, null, null, (k, v) -> {
        seen.add(TestData.s(k));
        return seen.size() < max;
      });
      assertEquals(all.subList(0, limit), seen, "stop after " + limit);
    }
  }

  @Test
  void discardChangesDropsWritesAndEventsButCommitStillRecordsTheEntry() {
    commitKv(1, b("a"));
    EntryBatch batch = store.newBatch(3, 2, 500);
    batch.put(Table.KV, b("a"), b("changed"));
    batch.put(Table.KV, b("b"), b("new"));
    batch.emit(Table.KV, putEvent("a", 2));
    batch.compactEventsBelow(2);
    batch.discardChanges();

    assertTrue(batch.events().isEmpty());
    assertEquals("c", TestData.s(batch.get(Table.KV, b("a")).orElseThrow()));
    assertTrue(batch.get(Table.KV, b("b")).isEmpty());
    AppliedState state = batch.commit();

    assertEquals(2, state.getIndex());
    assertEquals(0, state.getCompactRevision(), "the discarded compaction did not happen");
    try (ReadView view = store.readView()) {
      assertEquals(List.of("a"), TestData.keys(view, Table.KV));
      assertEquals("c", TestData.s(view.get(Table.KV, b("a")).orElseThrow()));
      assertEquals(List.of(), TestData.keys(view, Table.EVENTS));
      assertEquals(2, view.revision());
    }
  }

  @Test
  void commitWritesDataEventsAndAppliedStateTogether() throws Exception {
    EntryBatch batch = store.newBatch(7, 42, 123_456);
    assertEquals(42, batch.revision());
    assertEquals(123_456, batch.applyTimeMillis());
    batch.put(Table.KV, b("k1"), b("v1"));
    batch.emit(Table.KV, putEvent("k1", 42));
    batch.put(Table.KV, b("k2"), b("v2"));
    batch.emit(Table.KV, putEvent("k2", 42));
    batch.emit(Table.KV, putEvent("k0", 42));
    AppliedState state = batch.commit();

    AppliedState expected = AppliedState.newBuilder().setTerm(7).setIndex(42).setApplyTimeUnixMs(123_456).build();
    assertEquals(expected, state);
    assertEquals(expected, store.applied());
    try (ReadView view = store.readView()) {
      assertEquals(expected, view.appliedState());
      assertEquals(42, view.revision());
      assertEquals("v1", TestData.s(view.get(Table.KV, b("k1")).orElseThrow()));
      List<byte[]> eventKeys = new ArrayList<>();
      List<StoredEvent> events = new ArrayList<>();
      view.scan(Table.EVENTS, null, null, (k, v) -> {
        eventKeys.add(k);
        try {
          events.add(StoredEvent.parseFrom(v));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
          throw new AssertionError(e);
        }
        return true;
      });
      assertEquals(3, eventKeys.size());
      for (int seq = 0; seq < 3; seq++) {
        assertArrayEquals(EventKeys.key(42, seq), eventKeys.get(seq));
        assertEquals(42, EventKeys.revisionOf(eventKeys.get(seq)));
        assertEquals("kv", events.get(seq).getTable());
      }
      // Stored in emission order, not key order.
      assertEquals(List.of("k1", "k2", "k0"),
          events.stream().map(e -> e.getEvent().getKv().getKey().toStringUtf8()).toList());
      assertEquals(events, batch.events());
    }
  }

  @Test
  void nextCommitKeepsCompactionPointAndAdvancesAppliedState() {
    TestData.commitRevision(store, 1, "a");
    TestData.commitRevision(store, 2, "b");
    TestData.commitRevision(store, 3, "c");
    EntryBatch compact = store.newBatch(2, 4, 2_000);
    compact.compactEventsBelow(3);
    assertEquals(3, compact.commit().getCompactRevision());
    try (ReadView view = store.readView()) {
      List<Long> revisions = new ArrayList<>();
      view.scan(Table.EVENTS, null, null, (k, v) -> revisions.add(EventKeys.revisionOf(k)));
      assertEquals(List.of(3L), revisions, "history strictly below 3 dropped");
    }
    // A later, lower compaction request does not move the point back.
    EntryBatch lower = store.newBatch(2, 5, 2_001);
    lower.compactEventsBelow(2);
    AppliedState state = lower.commit();
    assertEquals(3, state.getCompactRevision());
    assertEquals(5, state.getIndex());
    assertEquals(2, state.getTerm());
  }

  @Test
  void writingStateMachineTablesIsRefused() {
    EntryBatch batch = store.newBatch(1, 1, 1);
    assertThrows(IllegalArgumentException.class, () -> batch.put(Table.EVENTS, b("k"), b("v")));
    assertThrows(IllegalArgumentException.class, () -> batch.delete(Table.EVENTS, b("k")));
    assertThrows(IllegalArgumentException.class, () -> batch.put(Table.META, MeshStore.APPLIED_KEY, b("v")));
    assertThrows(IllegalArgumentException.class, () -> batch.delete(Table.META, MeshStore.APPLIED_KEY));
    batch.commit();
    assertEquals(1, store.applied().getIndex(), "the applied record was not overwritten");
  }
}
