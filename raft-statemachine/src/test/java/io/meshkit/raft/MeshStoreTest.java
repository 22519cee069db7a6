package io.meshkit.raft;

import static io.meshkit.raft.TestData.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.proto.internal.v1.AppliedState;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshStoreTest {
  @TempDir
  Path dir;

  @Test
  void emptyStoreIsAtRevisionZero() {
    try (MeshStore store = MeshStore.open(dir.resolve("db"));
        ReadView view = store.readView()) {
      assertEquals(AppliedState.getDefaultInstance(), store.applied());
      assertEquals(0, view.revision());
      assertEquals(List.of(), TestData.keys(view, Table.KV));
    }
  }

  @Test
  void readViewIsAStableSnapshot() {
    try (MeshStore store = MeshStore.open(dir.resolve("db"))) {
      TestData.commitRevision(store, 1, "a", "b");
      try (ReadView view = store.readView()) {
        assertEquals(1, view.revision());
        AppliedState atOpen = view.appliedState();

        TestData.commitRevision(store, 2, "c");
        EntryBatch delete = store.newBatch(1, 3, 3);
        delete.delete(Table.KV, b("a"));
        delete.put(Table.KV, b("b"), b("changed"));
        delete.commit();
        assertEquals(3, store.applied().getIndex());

        // The old view still sees revision 1 exactly: keys, values, applied state and history.
        assertEquals(1, view.revision());
        assertEquals(atOpen, view.appliedState());
        assertEquals(List.of("a", "b"), TestData.keys(view, Table.KV));
        assertEquals("v1", TestData.s(view.get(Table.KV, b("b")).orElseThrow()));
        assertTrue(view.get(Table.KV, b("c")).isEmpty());
        int[] events = {0};
        view.scan(Table.EVENTS, null, null, (k, v) -> {
          assertEquals(1, EventKeys.revisionOf(k));
          events[0]++;
          return true;
        });
        assertEquals(2, events[0]);

        try (ReadView later = store.readView()) {
          assertEquals(3, later.revision());
          assertEquals(List.of("b", "c"), TestData.keys(later, Table.KV));
          assertEquals("changed", TestData.s(later.get(Table.KV, b("b")).orElseThrow()));
        }
      }
    }
  }

  @Test
  void readViewScanHonoursBoundsAndStops() {
    try (MeshStore store = MeshStore.open(dir.resolve("db"))) {
      TestData.commitRevision(store, 1, "a", "b", "c", "d");
      try (ReadView view = store.readView()) {
        List<String> seen = new java.util.ArrayList<>();
        view.scan(Table.KV, b("b"), b("d"), (k, v) -> seen.add(TestData.s(k)));
        assertEquals(List.of("b", "c"), seen);
        seen.clear();
        view.scan(Table.KV, null, null, (k, v) -> {
          seen.add(TestData.s(k));
          return seen.size() < 2;
        });
        assertEquals(List.of("a", "b"), seen);
      }
    }
  }

  @Test
  void reopenKeepsAppliedStateAndData() {
    Path path = dir.resolve("db");
    AppliedState last;
    try (MeshStore store = MeshStore.open(path)) {
      TestData.commitRevision(store, 1, "a");
      TestData.commitRevision(store, 2, "b");
      EntryBatch compact = store.newBatch(4, 3, 9_999);
      compact.compactEventsBelow(2);
      last = compact.commit();
    }
    try (MeshStore store = MeshStore.open(path); ReadView view = store.readView()) {
      assertEquals(last, store.applied());
      assertEquals(AppliedState.newBuilder().setTerm(4).setIndex(3).setApplyTimeUnixMs(9_999)
          .setCompactRevision(2).build(), store.applied());
      assertEquals(last, view.appliedState());
      assertEquals(List.of("a", "b"), TestData.keys(view, Table.KV));
    }
  }

  @Test
  void aRecordedLogIndexLeavesTheRevisionAndOnlyMovesForward() {
    Path path = dir.resolve("db");
    try (MeshStore store = MeshStore.open(path)) {
      TestData.commitRevision(store, 5, "a");
      store.recordLogIndex(4);
      assertEquals(5, MeshStore.logIndex(store.applied()), "an older index is ignored");
      store.recordLogIndex(8);
      assertEquals(8, MeshStore.logIndex(store.applied()));
      assertEquals(5, store.applied().getIndex(), "the revision stays the last applied entry's");
      assertEquals(1, store.applied().getTerm(), "and so does the term");
      assertEquals(1_005, store.applied().getApplyTimeUnixMs(), "apply time is kept");
      try (ReadView view = store.readView()) {
        assertEquals(5, view.revision());
      }
    }
    try (MeshStore store = MeshStore.open(path)) {
      assertEquals(8, MeshStore.logIndex(store.applied()), "recorded durably in the META table");
      TestData.commitRevision(store, 9, "b");
      assertEquals(9, store.applied().getIndex());
      assertEquals(9, MeshStore.logIndex(store.applied()), "an applied entry moves both");
      assertEquals(0, store.applied().getLogIndex(), "and clears the recorded one");
    }
  }
}
