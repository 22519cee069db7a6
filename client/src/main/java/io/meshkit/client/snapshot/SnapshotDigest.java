package io.meshkit.client.snapshot;

import com.google.protobuf.ByteString;
import io.meshkit.proto.v1.SnapshotChunk;
import io.meshkit.proto.v1.SnapshotTrailer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The checksum of a snapshot stream: SHA-256 over the serialized bytes of every chunk before the
 * trailer, in order, and the count of their records. The member that streams a snapshot, the CLI
 * that saves it and every reader of the file compute it the same way. Not thread-safe.
 */
public final class SnapshotDigest {
  private final MessageDigest sha256;
  private long records;

  public SnapshotDigest() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Adds a header or records chunk, given as the bytes it is serialized to. */
  public void add(byte[] serializedChunk, SnapshotChunk chunk) {
    sha256.update(serializedChunk);
    if (chunk.hasRecords()) {
      records += chunk.getRecords().getRecordsCount();
    }
  }

  /** Adds a header or records chunk. */
  public void add(SnapshotChunk chunk) {
    add(chunk.toByteArray(), chunk);
  }

  public long records() {
    return records;
  }

  /** The trailer of what was added; ends this digest. */
  public SnapshotTrailer trailer() {
    return SnapshotTrailer.newBuilder().setRecordCount(records).setSha256(ByteString.copyFrom(sha256.digest()))
        .build();
  }
}
