package io.meshkit.client.snapshot;

import io.meshkit.proto.v1.SnapshotChunk;
import io.meshkit.proto.v1.SnapshotHeader;
import io.meshkit.proto.v1.SnapshotTrailer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;

/**
 * Writes a snapshot stream to a file atomically: chunks go to a temporary file beside the target
 * ({@code .FILE.part-*}), checked as they arrive; {@link #finish} verifies the trailer, syncs and
 * renames the temporary file over the target. {@link #close} without a successful finish deletes the
 * temporary file, so a failed or interrupted save never leaves a partial file under the target's name.
 *
 * <p>Not thread-safe.
 */
public final class SnapshotFileWriter implements AutoCloseable {
  private final Path target;
  private final Path temporary;
  private final OutputStream out;
  private final SnapshotDigest digest = new SnapshotDigest();
  private SnapshotHeader header;
  private long bytes;
  private boolean finished;

  private SnapshotFileWriter(Path target, Path temporary, OutputStream out) {
    this.target = target;
    this.temporary = temporary;
    this.out = out;
  }

  /** Starts writing to a temporary file in {@code target}'s directory. */
  public static SnapshotFileWriter create(Path target) throws IOException {
    Path absolute = target.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      throw new FileAlreadyExistsException(target.toString(), null, "is a directory; name a file");
    }
    Path dir = absolute.getParent();
    Path temporary = Files.createTempFile(dir, "." + absolute.getFileName() + ".part-", "");
    return new SnapshotFileWriter(absolute, temporary,
        new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16));
  }

  /** Appends a header or records chunk; the first must be the header. */
  public void write(SnapshotChunk chunk) throws IOException {
    if (chunk.hasTrailer()) {
      throw new IllegalArgumentException("the trailer goes to finish()");
    }
    if ((header == null) != chunk.hasHeader()) {
      throw new SnapshotFormatException(header == null ? "the snapshot stream does not start with a header"
          : "the snapshot stream has a second header");
    }
    if (chunk.hasHeader()) {
      header = chunk.getHeader();
    }
    byte[] serialized = chunk.toByteArray();
    digest.add(serialized, chunk);
    writeDelimited(serialized);
  }

  /**
   * Checks {@code trailer} against what was written, writes it and moves the file to its target.
   * Throws {@link SnapshotFormatException} (and keeps nothing) when the stream does not match it.
   */
  public void finish(SnapshotTrailer trailer) throws IOException {
    if (header == null) {
      throw new SnapshotFormatException("the snapshot stream ended before its header");
    }
    SnapshotTrailer computed = digest.trailer();
    if (!computed.getSha256().equals(trailer.getSha256()) || computed.getRecordCount() != trailer.getRecordCount()) {
      throw new SnapshotFormatException("the snapshot stream does not match its checksum (received SHA-256 "
          + HexFormat.of().formatHex(computed.getSha256().toByteArray()) + ", " + computed.getRecordCount()
          + " records; the member sent " + HexFormat.of().formatHex(trailer.getSha256().toByteArray()) + ", "
          + trailer.getRecordCount() + "): nothing saved, try again");
    }
    writeDelimited(SnapshotChunk.newBuilder().setTrailer(trailer).build().toByteArray());
    out.flush();
    if (out instanceof BufferedOutputStream) {
      out.close();
    }
    try (var channel = java.nio.channels.FileChannel.open(temporary, java.nio.file.StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
    finished = true;
  }

  /** Bytes written so far, length prefixes included. */
  public long bytesWritten() {
    return bytes;
  }

  public SnapshotHeader header() {
    return header;
  }

  private void writeDelimited(byte[] serialized) throws IOException {
    com.google.protobuf.CodedOutputStream prefix = com.google.protobuf.CodedOutputStream.newInstance(out, 5);
    prefix.writeUInt32NoTag(serialized.length);
    prefix.flush();
    out.write(serialized);
    bytes += com.google.protobuf.CodedOutputStream.computeUInt32SizeNoTag(serialized.length) + serialized.length;
  }

  @Override
  public void close() throws IOException {
    try {
      out.close();
    } finally {
      if (!finished) {
        Files.deleteIfExists(temporary);
      }
    }
  }
}
