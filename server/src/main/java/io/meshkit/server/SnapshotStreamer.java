package io.meshkit.server;

import com.google.protobuf.ByteString;
import io.meshkit.client.snapshot.SnapshotDigest;
import io.meshkit.client.snapshot.SnapshotFile;
import io.meshkit.proto.v1.SnapshotChunk;
import io.meshkit.proto.v1.SnapshotHeader;
import io.meshkit.proto.v1.SnapshotRecord;
import io.meshkit.proto.v1.SnapshotRecords;
import io.meshkit.raft.ReadView;
import io.meshkit.raft.Table;

/**
 * Turns a {@link ReadView} into the chunks of a snapshot stream: the header, every record of every
 * table in table then key order, in chunks of about {@link #CHUNK_BYTES}, and the trailer with the
 * {@link SnapshotDigest}. Reads nothing but the view, so the stream is one point in time.
 */
final class SnapshotStreamer {
  /** Target serialized size of a records chunk: well below gRPC's and the file reader's limits. */
  static final int CHUNK_BYTES = 1 << 20;

  /** Sends one chunk; may block until the receiver is ready; throws to abort the stream. */
  @FunctionalInterface
  interface ChunkOut {
    void send(SnapshotChunk chunk);
  }

  private SnapshotStreamer() {}

  /** Streams {@code view} under {@code header} (whose revision and format version are set here). */
  static void stream(ReadView view, SnapshotHeader header, ChunkOut out) {
    SnapshotDigest digest = new SnapshotDigest();
    SnapshotChunk first = SnapshotChunk.newBuilder().setHeader(header.toBuilder()
        .setFormatVersion(SnapshotFile.FORMAT_VERSION).setRevision(view.revision())).build();
    digest.add(first);
    out.send(first);
    SnapshotRecords.Builder records = SnapshotRecords.newBuilder();
    long[] pendingBytes = {0};
    for (Table table : Table.values()) {
      view.scan(table, null, null, (key, value) -> {
        SnapshotRecord record = SnapshotRecord.newBuilder().setTable(table.columnFamily())
            .setKey(ByteString.copyFrom(key)).setValue(ByteString.copyFrom(value)).build();
        records.addRecords(record);
        pendingBytes[0] += record.getSerializedSize() + 8;
        if (pendingBytes[0] >= CHUNK_BYTES) {
          send(records, digest, out);
          pendingBytes[0] = 0;
        }
        return true;
      });
    }
    if (records.getRecordsCount() > 0) {
      send(records, digest, out);
    }
    out.send(SnapshotChunk.newBuilder().setTrailer(digest.trailer()).build());
  }

  private static void send(SnapshotRecords.Builder records, SnapshotDigest digest, ChunkOut out) {
    SnapshotChunk chunk = SnapshotChunk.newBuilder().setRecords(records).build();
    records.clear();
    digest.add(chunk);
    out.send(chunk);
  }
}
