package io.meshkit.client.snapshot;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.meshkit.proto.v1.SnapshotChunk;
import io.meshkit.proto.v1.SnapshotHeader;
import io.meshkit.proto.v1.SnapshotRecord;
import io.meshkit.proto.v1.SnapshotTrailer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a snapshot file: the chunks of the {@code Maintenance.Snapshot} stream, each length-delimited
 * (a protobuf varint length, then the chunk) — a header first, records chunks, a trailer last, nothing
 * after it. {@link #read} checks the format version, the record count and the SHA-256 of the trailer.
 */
public final class SnapshotFile {
  /** The format this version writes and reads. */
  public static final int FORMAT_VERSION = 1;
  /** No chunk is larger: a larger length prefix means a corrupt file, not a big allocation. */
  static final int MAX_CHUNK_BYTES = 64 << 20;

  /** What a verified file holds. */
  public record Summary(SnapshotHeader header, SnapshotTrailer trailer, long sizeBytes,
      Map<String, Long> recordsPerTable) {
    public String sha256Hex() {
      return HexFormat.of().formatHex(trailer.getSha256().toByteArray());
    }
  }

  /** Receives each record of a file as it is read (before the checksum is known: verify first). */
  @FunctionalInterface
  public interface RecordSink {
    void accept(SnapshotRecord record) throws IOException;
  }

  private SnapshotFile() {}

  /** Verifies {@code file} without keeping its records. */
  public static Summary verify(Path file) throws IOException {
    return read(file, record -> {});
  }

  /**
   * Reads {@code file} to its end, giving every record to {@code sink}. Throws
   * {@link SnapshotFormatException} naming the problem when the file is truncated, corrupt, of
   * another format version or fails its checksum — possibly after some records reached the sink.
   */
  public static Summary read(Path file, RecordSink sink) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such snapshot file");
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      SnapshotDigest digest = new SnapshotDigest();
      SnapshotChunk first = next(in, file).orElseThrow(() -> problem(file, "it is empty"));
      if (!first.hasHeader()) {
        throw problem(file, "it does not start with a snapshot header (is it a MeshKit snapshot?)");
      }
      SnapshotHeader header = first.getHeader();
      if (header.getFormatVersion() != FORMAT_VERSION) {
        throw problem(file, "its format version is " + header.getFormatVersion() + ", this version reads "
            + FORMAT_VERSION);
      }
      digest.add(first);
      Map<String, Long> perTable = new TreeMap<>();
      while (true) {
        SnapshotChunk chunk = next(in, file).orElseThrow(() -> problem(file,
            "it ends before its trailer: the file is truncated"));
        if (chunk.hasTrailer()) {
          verifyTrailer(file, digest.trailer(), chunk.getTrailer());
          if (in.read() != -1) {
            throw problem(file, "it has data after its trailer");
          }
          return new Summary(header, chunk.getTrailer(), Files.size(file), perTable);
        }
        if (!chunk.hasRecords()) {
          throw problem(file, "it has a chunk that is neither records nor a trailer");
        }
        digest.add(chunk);
        for (SnapshotRecord r : chunk.getRecords().getRecordsList()) {
          perTable.merge(r.getTable(), 1L, Long::sum);
          sink.accept(r);
        }
      }
    }
  }

  private static void verifyTrailer(Path file, SnapshotTrailer computed, SnapshotTrailer stored)
      throws SnapshotFormatException {
    if (!computed.getSha256().equals(stored.getSha256())) {
      throw problem(file, "its SHA-256 does not match its trailer: the file is corrupt");
    }
    if (computed.getRecordCount() != stored.getRecordCount()) {
      throw problem(file, "it holds " + computed.getRecordCount() + " records, its trailer says "
          + stored.getRecordCount());
    }
  }

  /** The next length-delimited chunk; empty at a clean end of the file. */
  private static java.util.Optional<SnapshotChunk> next(InputStream in, Path file) throws IOException {
    int firstByte = in.read();
    if (firstByte == -1) {
      return java.util.Optional.empty();
    }
    int length;
    try {
      length = CodedInputStream.readRawVarint32(firstByte, in);
    } catch (InvalidProtocolBufferException e) {
      throw problem(file, "a chunk length is unreadable: the file is truncated or corrupt");
    }
    if (length < 0 || length > MAX_CHUNK_BYTES) {
      throw problem(file, "a chunk claims " + length + " bytes: the file is corrupt");
    }
    byte[] bytes = in.readNBytes(length);
    if (bytes.length < length) {
      throw problem(file, "its last chunk is cut short: the file is truncated");
    }
    try {
      return java.util.Optional.of(SnapshotChunk.parseFrom(bytes));
    } catch (InvalidProtocolBufferException e) {
      throw problem(file, "a chunk is unreadable (" + e.getMessage() + "): the file is corrupt");
    }
  }

  private static SnapshotFormatException problem(Path file, String what) {
    return new SnapshotFormatException("not a valid snapshot: " + file + ": " + what);
  }
}
