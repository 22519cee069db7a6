package io.meshkit.client;

import io.grpc.StatusRuntimeException;
import io.meshkit.proto.v1.HashStateRequest;
import io.meshkit.proto.v1.HashStateResponse;
import io.meshkit.proto.v1.MaintenanceGrpc;
import io.meshkit.proto.v1.MarkHashRequest;
import io.meshkit.proto.v1.MarkHashResponse;
import io.meshkit.proto.v1.SnapshotChunk;
import io.meshkit.proto.v1.SnapshotRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;

/**
 * Backup and consistency checks ({@code meshkit.v1.Maintenance}): stream a snapshot from one member,
 * replicate a hash marker, ask one member for its state hash. Obtained from
 * {@link MeshkitClient#maintenance()}. Calls to a named member are never moved to another.
 */
public final class MaintenanceClient {
  /** Receives the chunks of a snapshot stream in order. */
  @FunctionalInterface
  public interface ChunkSink {
    void accept(SnapshotChunk chunk) throws IOException;
  }

  private final RetryingCaller caller;
  private final EndpointPool pool;
  private final Duration callTimeout;

  MaintenanceClient(RetryingCaller caller, EndpointPool pool, Duration callTimeout) {
    this.caller = caller;
    this.pool = pool;
    this.callTimeout = callTimeout;
  }

  /**
   * Streams the snapshot of the member at {@code endpoint} into {@code sink}, header to trailer. No
   * deadline: a big store takes as long as it takes; the call ends when the stream ends or fails.
   */
  public void snapshot(String endpoint, ChunkSink sink) throws IOException {
    String target = Endpoints.validate(endpoint);
    Iterator<SnapshotChunk> chunks;
    try {
      chunks = MaintenanceGrpc.newBlockingStub(pool.channel(target)).snapshot(SnapshotRequest.getDefaultInstance());
      while (chunks.hasNext()) {
        sink.accept(chunks.next());
      }
    } catch (StatusRuntimeException e) {
      throw MeshkitClientException.from(e, target);
    }
  }

  /** Replicates a hash marker through any member; answers its revision. A repeated marker is harmless. */
  public MarkHashResponse markHash() {
    return MeshkitClient.await(caller.call((ch, d, r) -> MaintenanceGrpc.newFutureStub(ch).withDeadline(d).markHash(r),
        MarkHashRequest.getDefaultInstance(), Idempotence.SAFE, callTimeout));
  }

  /** The state hash of the member at {@code endpoint} at a marker's {@code revision}, waiting up to {@code wait}. */
  public HashStateResponse hashState(String endpoint, long revision, Duration wait) {
    return MeshkitClient.await(caller.callOnce(Endpoints.validate(endpoint),
        (ch, d, r) -> MaintenanceGrpc.newFutureStub(ch).withDeadline(d).hashState(r),
        HashStateRequest.newBuilder().setRevision(revision).build(), wait));
  }
}
