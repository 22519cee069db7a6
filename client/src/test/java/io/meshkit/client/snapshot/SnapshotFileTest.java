package io.meshkit.client.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.meshkit.proto.v1.SnapshotChunk;
import io.meshkit.proto.v1.SnapshotHeader;
import io.meshkit.proto.v1.SnapshotRecord;
import io.meshkit.proto.v1.SnapshotRecords;
import io.meshkit.proto.v1.SnapshotTrailer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot file format: what the writer keeps, what the reader accepts and refuses. */
class SnapshotFileTest {
  @TempDir
  Path dir;

  private static SnapshotChunk header(int version) {
    return SnapshotChunk.newBuilder().setHeader(SnapshotHeader.newBuilder().setFormatVersion(version)
        .setClusterName("prod").setMemberId("n1").setRevision(42)).build();
  }

  private static SnapshotChunk records(String table, int from, int count) {
    SnapshotRecords.Builder b = SnapshotRecords.newBuilder();
    for (int i = from; i < from + count; i++) {
      b.addRecords(SnapshotRecord.newBuilder().setTable(table).setKey(ByteString.copyFromUtf8("key-" + i))
          .setValue(ByteString.copyFromUtf8("value-" + i)));
    }
    return SnapshotChunk.newBuilder().setRecords(b).build();
  }

  /** A stream as a member sends it: header, chunks, the trailer of their digest. */
  private static List<SnapshotChunk> stream(SnapshotChunk header, SnapshotChunk... chunks) {
    SnapshotDigest digest = new SnapshotDigest();
    List<SnapshotChunk> all = new ArrayList<>();
    all.add(header);
    all.addAll(Arrays.asList(chunks));
    all.forEach(digest::add);
    all.add(SnapshotChunk.newBuilder().setTrailer(digest.trailer()).build());
    return all;
  }

  private Path save(String name, List<SnapshotChunk> stream) throws IOException {
    Path file = dir.resolve(name);
    try (SnapshotFileWriter writer = SnapshotFileWriter.create(file)) {
      for (SnapshotChunk c : stream) {
        if (c.hasTrailer()) {
          writer.finish(c.getTrailer());
        } else {
          writer.write(c);
        }
      }
    }
    return file;
  }

  private List<Path> filesInDir() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  @Test
  void aSavedStreamReadsBackWithEveryRecordAndItsChecksum() throws IOException {
    List<SnapshotChunk> stream = stream(header(SnapshotFile.FORMAT_VERSION), records("kv", 0, 3),
        records("leases", 0, 2), records("kv", 3, 1));
    Path file = save("ok.snap", stream);
    List<String> seen = new ArrayList<>();
    SnapshotFile.Summary s = SnapshotFile.read(file, r -> seen.add(r.getTable() + ":" + r.getKey().toStringUtf8()));
    assertEquals(42, s.header().getRevision());
    assertEquals(6, s.trailer().getRecordCount());
    assertEquals(Map.of("kv", 4L, "leases", 2L), s.recordsPerTable());
    assertEquals(List.of("kv:key-0", "kv:key-1", "kv:key-2", "leases:key-0", "leases:key-1", "kv:key-3"), seen);
    assertEquals(Files.size(file), s.sizeBytes());
    assertEquals(64, s.sha256Hex().length());
    assertEquals(List.of(file), filesInDir(), "no temporary file is left beside it");
  }

  @Test
  void everyFlippedByteIsCaughtAndEveryTruncationToo() throws IOException {
    byte[] good = Files.readAllBytes(save("ok.snap", stream(header(SnapshotFile.FORMAT_VERSION),
        records("kv", 0, 5))));
    for (int i = 0; i < good.length; i++) {
      byte[] bad = good.clone();
      bad[i] ^= 0x01;
      Path file = Files.write(dir.resolve("bad.snap"), bad);
      assertThrows(SnapshotFormatException.class, () -> SnapshotFile.verify(file), "flipped byte " + i);
    }
    for (int length = 0; length < good.length; length++) {
      Path file = Files.write(dir.resolve("short.snap"), Arrays.copyOf(good, length));
      SnapshotFormatException e = assertThrows(SnapshotFormatException.class, () -> SnapshotFile.verify(file),
          "cut to " + length + " bytes");
      assertTrue(e.getMessage().startsWith("not a valid snapshot: " + file + ": "), e.getMessage());
    }
  }

  @Test
  void dataAfterTheTrailerAnotherVersionOrAMissingHeaderAreRefused() throws IOException {
    byte[] good = Files.readAllBytes(save("ok.snap", stream(header(SnapshotFile.FORMAT_VERSION),
        records("kv", 0, 1))));
    Path longer = Files.write(dir.resolve("longer.snap"), Arrays.copyOf(good, good.length + 1));
    assertTrue(assertThrows(SnapshotFormatException.class, () -> SnapshotFile.verify(longer)).getMessage()
        .contains("data after its trailer"));

    Path future = save("v2.snap", stream(header(2), records("kv", 0, 1)));
    assertTrue(assertThrows(SnapshotFormatException.class, () -> SnapshotFile.verify(future)).getMessage()
        .contains("format version is 2"));

    Path headless = dir.resolve("headless.snap");
    try (var out = Files.newOutputStream(headless)) {
      records("kv", 0, 1).writeDelimitedTo(out);
    }
    assertTrue(assertThrows(SnapshotFormatException.class, () -> SnapshotFile.verify(headless)).getMessage()
        .contains("does not start with a snapshot header"));
  }

  @Test
  void aStreamThatDoesNotMatchItsTrailerLeavesNoFile() throws IOException {
    List<SnapshotChunk> stream = new ArrayList<>(stream(header(SnapshotFile.FORMAT_VERSION), records("kv", 0, 3)));
    SnapshotTrailer trailer = stream.remove(stream.size() - 1).getTrailer();
    stream.add(SnapshotChunk.newBuilder().setTrailer(trailer.toBuilder().setRecordCount(4)).build());
    assertThrows(SnapshotFormatException.class, () -> save("target.snap", stream));
    assertEquals(List.of(), filesInDir());

    Path target = dir.resolve("target.snap");
    try (SnapshotFileWriter writer = SnapshotFileWriter.create(target)) {
      writer.write(header(SnapshotFile.FORMAT_VERSION));
      writer.write(records("kv", 0, 1));
      // The stream breaks here: no trailer, no finish.
    }
    assertFalse(Files.exists(target));
    assertEquals(List.of(), filesInDir(), "the partial file is deleted");
  }
}
