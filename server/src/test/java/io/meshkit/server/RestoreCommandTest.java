package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.meshkit.client.snapshot.SnapshotDigest;
import io.meshkit.client.snapshot.SnapshotFile;
import io.meshkit.client.snapshot.SnapshotFileWriter;
import io.meshkit.proto.internal.v1.AppliedState;
import io.meshkit.proto.v1.SnapshotChunk;
import io.meshkit.proto.v1.SnapshotHeader;
import io.meshkit.proto.v1.SnapshotRecord;
import io.meshkit.proto.v1.SnapshotRecords;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code meshkit restore}: what it writes, what it refuses, what it prints. */
class RestoreCommandTest {
  private static final String[] PEERS = {
      "--peer", "id=n1,raft=127.0.0.1:17101,client=127.0.0.1:17001,admin=127.0.0.1:17201",
      "--peer", "id=n2,raft=127.0.0.1:17102,client=127.0.0.1:17002,admin=127.0.0.1:17202",
      "--peer", "id=n3,raft=127.0.0.1:17103,client=127.0.0.1:17003,admin=127.0.0.1:17203"};

  @TempDir
  Path dir;

  record Run(int exitCode, String out, String err) {}

  private static Run restore(String... args) {
    List<String> all = new ArrayList<>(List.of("restore"));
    all.addAll(List.of(args));
    all.addAll(List.of(PEERS));
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = new CommandLine(new Main()).execute(all.toArray(String[]::new));
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** A snapshot of revision 40 with one key, as a member streams it. */
  private Path snapshot() throws Exception {
    SnapshotChunk header = SnapshotChunk.newBuilder().setHeader(SnapshotHeader.newBuilder()
        .setFormatVersion(SnapshotFile.FORMAT_VERSION).setClusterName("old").setMemberId("n2").setRevision(40)).build();
    SnapshotChunk records = SnapshotChunk.newBuilder().setRecords(SnapshotRecords.newBuilder()
        .addRecords(SnapshotRecord.newBuilder().setTable("kv").setKey(ByteString.copyFromUtf8("a"))
            .setValue(ByteString.copyFromUtf8("1")))
        .addRecords(SnapshotRecord.newBuilder().setTable("meta").setKey(ByteString.copyFromUtf8("applied"))
            .setValue(AppliedState.newBuilder().setTerm(3).setIndex(40).build().toByteString()))).build();
    SnapshotDigest digest = new SnapshotDigest();
    digest.add(header);
    digest.add(records);
    Path file = dir.resolve("backup.snap");
    try (SnapshotFileWriter writer = SnapshotFileWriter.create(file)) {
      writer.write(header);
      writer.write(records);
      writer.finish(digest.trailer());
    }
    return file;
  }

  @Test
  void restoresOnceIntoAnEmptyDirAndRefusesToWriteOverIt() throws Exception {
    Path file = snapshot();
    Path member = dir.resolve("n1");
    Run ok = restore("--snapshot", file.toString(), "--node-id", "n1", "--data-dir", member.toString());
    assertEquals(0, ok.exitCode(), ok::toString);
    assertTrue(ok.out().startsWith("restored member n1 of cluster meshkit into " + member + ": revision 40, "
        + "1 records (snapshot of cluster old, member n2"), ok::toString);
    assertTrue(Files.isDirectory(member.resolve("state/snapshots/1_40")), ok::toString);

    Run again = restore("--snapshot", file.toString(), "--node-id", "n1", "--data-dir", member.toString());
    assertEquals(2, again.exitCode(), again::toString);
    assertTrue(again.err().startsWith("meshkit: data dir " + member + " is not empty"), again::toString);
  }

  @Test
  void aDamagedFileOrAWrongNodeIdIsOneLineAndWritesNothing() throws Exception {
    byte[] good = Files.readAllBytes(snapshot());
    good[good.length - 5] ^= 1;
    Path corrupt = Files.write(dir.resolve("corrupt.snap"), good);
    Path member = dir.resolve("n1");
    Run bad = restore("--snapshot", corrupt.toString(), "--node-id", "n1", "--data-dir", member.toString());
    assertEquals(2, bad.exitCode(), bad::toString);
    assertEquals("meshkit: not a valid snapshot: " + corrupt + ": its SHA-256 does not match its trailer: the file "
        + "is corrupt\n", bad.err());
    assertFalse(Files.exists(member));

    Run stranger = restore("--snapshot", snapshot().toString(), "--node-id", "n9", "--data-dir", member.toString());
    assertEquals(2, stranger.exitCode(), stranger::toString);
    assertEquals(1, stranger.err().lines().count(), stranger::toString);
    assertTrue(stranger.err().contains("n9"), stranger::toString);
    assertFalse(Files.exists(member));
  }
}
