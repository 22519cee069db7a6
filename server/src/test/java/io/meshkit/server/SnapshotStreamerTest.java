package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.client.snapshot.SnapshotFile;
import io.meshkit.client.snapshot.SnapshotFileWriter;
import io.meshkit.proto.internal.v1.AppliedState;
import io.meshkit.proto.v1.SnapshotChunk;
import io.meshkit.proto.v1.SnapshotHeader;
import io.meshkit.raft.MeshStore;
import io.meshkit.raft.ReadView;
import io.meshkit.raft.StoreSeeder;
import io.meshkit.raft.Table;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store bigger than one chunk, streamed to a file and restored from it, record for record. */
class SnapshotStreamerTest {
  private static final int KEYS = 3000;

  @TempDir
  Path dir;

  private static byte[] key(int i) {
    return String.format("key/%05d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(int i) {
    byte[] v = new byte[1024];
    Arrays.fill(v, (byte) i);
    return v;
  }

  private static List<String> kv(Path dataDir) {
    List<String> all = new ArrayList<>();
    try (MeshStore store = MeshStore.open(dataDir.resolve("state/db")); ReadView view = store.readView()) {
      view.scan(Table.KV, null, null,
          (k, v) -> all.add(new String(k, StandardCharsets.UTF_8) + "=" + Arrays.hashCode(v)));
    }
    return all;
  }

  @Test
  void aStoreOfSeveralChunksStreamsToAFileThatRestoresEveryRecord() throws Exception {
    Path source = dir.resolve("source");
    try (StoreSeeder seeder = StoreSeeder.create(source)) {
      for (int i = 0; i < KEYS; i++) {
        seeder.put("kv", key(i), value(i));
      }
      seeder.put("meta", "applied".getBytes(StandardCharsets.US_ASCII),
          AppliedState.newBuilder().setTerm(2).setIndex(5000).build().toByteArray());
      seeder.finish(5000);
    }
    Path file = dir.resolve("big.snap");
    List<SnapshotChunk> sent = new ArrayList<>();
    try (MeshStore store = MeshStore.open(source.resolve("state/db")); ReadView view = store.readView();
        SnapshotFileWriter writer = SnapshotFileWriter.create(file)) {
      SnapshotStreamer.stream(view, SnapshotHeader.newBuilder().setClusterName("c").build(), chunk -> {
        sent.add(chunk);
        try {
          if (chunk.hasTrailer()) {
            writer.finish(chunk.getTrailer());
          } else {
            writer.write(chunk);
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }
    long recordChunks = sent.stream().filter(SnapshotChunk::hasRecords).count();
    assertTrue(recordChunks >= 3, "3 MB of records in chunks of about 1 MiB, got " + recordChunks);
    assertTrue(sent.stream().allMatch(c -> c.getSerializedSize() < 2 * SnapshotStreamer.CHUNK_BYTES));

    SnapshotFile.Summary summary = SnapshotFile.verify(file);
    assertEquals(5000, summary.header().getRevision());
    assertEquals(KEYS + 1, summary.trailer().getRecordCount(), "every key and the applied state");
    assertEquals(Long.valueOf(KEYS), summary.recordsPerTable().get("kv"));

    Path restored = dir.resolve("restored");
    MemberRestore.restore(file, restored);
    List<String> expected = kv(source);
    assertEquals(KEYS, expected.size());
    assertEquals(expected, kv(restored));
    try (MeshStore store = MeshStore.open(restored.resolve("state/db")); ReadView view = store.readView()) {
      assertArrayEquals(value(2999), view.get(Table.KV, key(2999)).orElseThrow());
      assertEquals(5000, view.revision());
    }
  }
}
