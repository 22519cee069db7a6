package io.meshkit.raft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.proto.internal.v1.AppliedState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seeding a member's data dir from snapshot records, and hashing a store's state. */
class StoreSeederTest {
  @TempDir
  Path dir;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The source member's applied state, taken after it snapshotted past {@code index}. */
  private static byte[] applied(long index) {
    return AppliedState.newBuilder().setTerm(7).setIndex(index).setApplyTimeUnixMs(1234).setCompactRevision(3)
        .setLogIndex(index + 5).build().toByteArray();
  }

  /** Seeds {@code dataDir} with two KV keys (the second with {@code value}) and a lease at revision 40. */
  private static void seed(Path dataDir, String value) throws Exception {
    try (StoreSeeder seeder = StoreSeeder.create(dataDir)) {
      seeder.put("kv", utf8("a"), utf8("1"));
      seeder.put("kv", utf8("b"), utf8(value));
      seeder.put("leases", new byte[] {0, 0, 0, 0, 0, 0, 0, 9}, utf8("lease"));
      seeder.put("meta", MeshStore.APPLIED_KEY, applied(40));
      seeder.finish(40);
      assertEquals(3, seeder.records());
    }
  }

  private static StateHash hash(Path dataDir) {
    try (MeshStore store = MeshStore.open(dataDir.resolve("state/db")); ReadView view = store.readView()) {
      return StateHasher.hash(view);
    }
  }

  @Test
  void aSeededDirHoldsTheRecordsAndARaftSnapshotAtTermOneAndTheRevision() throws Exception {
    Path member = dir.resolve("n1");
    seed(member, "2");
    try (MeshStore store = MeshStore.open(member.resolve("state/db"))) {
      AppliedState applied = store.applied();
      assertEquals(40, applied.getIndex());
      assertEquals(StoreSeeder.RESTORED_TERM, applied.getTerm());
      assertEquals(1234, applied.getApplyTimeUnixMs());
      assertEquals(3, applied.getCompactRevision());
      assertEquals(40, MeshStore.logIndex(applied),
          "the source's log index means nothing to the new log, which continues from the revision");
      try (ReadView view = store.readView()) {
        assertArrayEquals(utf8("2"), view.get(Table.KV, utf8("b")).orElseThrow());
        assertTrue(view.get(Table.LEASES, new byte[] {0, 0, 0, 0, 0, 0, 0, 9}).isPresent());
      }
    }
    assertTrue(Files.isDirectory(member.resolve("state/snapshots/1_40")));
    assertFalse(Files.exists(member.resolve("raft")), "no Raft log: Ratis starts one after the snapshot");
  }

  @Test
  void theSameRecordsHashTheSameAndOneChangedValueDoesNot() throws Exception {
    seed(dir.resolve("n1"), "2");
    seed(dir.resolve("n2"), "2");
    seed(dir.resolve("n3"), "3");
    StateHash one = hash(dir.resolve("n1"));
    assertEquals(40, one.revision());
    assertEquals(4, one.keyCount(), "three records and the applied state");
    assertArrayEquals(one.sha256(), hash(dir.resolve("n2")).sha256());
    assertFalse(Arrays.equals(one.sha256(), hash(dir.resolve("n3")).sha256()));
  }

  @Test
  void refusesAnUnknownTableARevisionItsRecordsContradictAndAUsedDir() throws Exception {
    try (StoreSeeder seeder = StoreSeeder.create(dir.resolve("a"))) {
      StoreException e = assertThrows(StoreException.class, () -> seeder.put("nonsense", utf8("k"), utf8("v")));
      assertTrue(e.getMessage().contains("table 'nonsense'"), e.getMessage());
      seeder.put("meta", MeshStore.APPLIED_KEY, applied(40));
      assertTrue(assertThrows(StoreException.class, () -> seeder.finish(41)).getMessage()
          .contains("says revision 41 but its records say 40"));
    }
    seed(dir.resolve("b"), "2");
    assertThrows(StoreException.class, () -> StoreSeeder.create(dir.resolve("b")));
  }
}
