package io.meshkit.server;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.HashStateRequest;
import io.meshkit.proto.v1.HashStateResponse;
import io.meshkit.proto.v1.MaintenanceGrpc;
import io.meshkit.proto.v1.MarkHashRequest;
import io.meshkit.proto.v1.MarkHashResponse;
import io.meshkit.proto.v1.SnapshotChunk;
import io.meshkit.proto.v1.SnapshotHeader;
import io.meshkit.proto.v1.SnapshotRequest;
import io.meshkit.raft.MeshException;
import io.meshkit.raft.RaftNode;
import io.meshkit.raft.ReadView;
import io.meshkit.raft.edge.GrpcEdge;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * gRPC {@code meshkit.v1.Maintenance}: snapshots of this member's state and state hashes at hash
 * markers. A snapshot is streamed by its own thread, one chunk at a time as the client is ready for it
 * (backpressure), from one view: while it streams, this member holds off installing a Raft snapshot.
 */
final class MaintenanceService extends MaintenanceGrpc.MaintenanceImplBase {
  private final RaftNode node;

  MaintenanceService(RaftNode node) {
    this.node = node;
  }

  @Override
  public void snapshot(SnapshotRequest request, StreamObserver<SnapshotChunk> observer) {
    ServerCallStreamObserver<SnapshotChunk> call = (ServerCallStreamObserver<SnapshotChunk>) observer;
    ReadyGate ready = new ReadyGate(call);
    call.setOnReadyHandler(ready::signal);
    call.setOnCancelHandler(ready::signal);
    node.linearizableBarrier().whenComplete((ok, failure) -> {
      if (failure != null) {
        observer.onError(GrpcEdge.toStatus(failure));
        return;
      }
      Thread streaming = new Thread(() -> stream(call, ready), "meshkit-snapshot-stream");
      streaming.setDaemon(true);
      streaming.start();
    });
  }

  private void stream(ServerCallStreamObserver<SnapshotChunk> call, ReadyGate ready) {
    SnapshotHeader header = SnapshotHeader.newBuilder().setClusterName(node.config().clusterName())
        .setClusterId(node.clusterId()).setMemberId(node.memberId())
        .setApproximateSizeBytes(node.status().dbSizeBytes()).setCreatedUnixMs(System.currentTimeMillis()).build();
    try (ReadView view = node.openLocalView()) {
      SnapshotStreamer.stream(view, header, chunk -> {
        ready.await();
        call.onNext(chunk);
      });
      call.onCompleted();
    } catch (CancelledException e) {
      // The client went away: nothing to answer.
    } catch (RuntimeException e) {
      call.onError(GrpcEdge.toStatus(e));
    }
  }

  @Override
  public void markHash(MarkHashRequest request, StreamObserver<MarkHashResponse> observer) {
    GrpcEdge.reply(node.markHash(), revision -> MarkHashResponse.newBuilder().setHeader(node.header(revision))
        .setRevision(revision).build(), observer);
  }

  @Override
  public void hashState(HashStateRequest request, StreamObserver<HashStateResponse> observer) {
    long revision = request.getRevision();
    if (revision <= 0) {
      observer.onError(GrpcEdge.toStatus(new MeshException(ErrorCode.INVALID_ARGUMENT,
          "revision must be a hash marker's revision, got " + revision, "MarkHash answers one")));
      return;
    }
    Deadline deadline = Context.current().getDeadline();
    long waitMs = deadline == null ? node.config().requestTimeout().toMillis()
        : Math.max(1, deadline.timeRemaining(TimeUnit.MILLISECONDS));
    CompletableFuture<HashStateResponse> answer = node.stateHash(revision)
        .orTimeout(waitMs, TimeUnit.MILLISECONDS)
        .exceptionally(failure -> {
          throw (failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException)
              ? new MeshException(ErrorCode.TIMEOUT, "member " + node.memberId() + " has not applied and hashed "
                  + "revision " + revision + " in time", "retry with a longer --timeout; a lagging member catches up")
              : failure instanceof RuntimeException re ? re : new java.util.concurrent.CompletionException(failure);
        })
        .thenApply(hash -> HashStateResponse.newBuilder().setHeader(node.header(hash.revision()))
            .setRevision(hash.revision()).setSha256(ByteString.copyFrom(hash.sha256())).setKeyCount(hash.keyCount())
            .build());
    GrpcEdge.reply(answer, r -> r, observer);
  }

  /** The stream was cancelled by the client. */
  private static final class CancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CancelledException() {
      super("snapshot stream cancelled by the client", null, false, false);
    }
  }

  /** Blocks the streaming thread until the call is ready for another message or is cancelled. */
  private static final class ReadyGate {
    private final ServerCallStreamObserver<?> call;

    ReadyGate(ServerCallStreamObserver<?> call) {
      this.call = call;
    }

    synchronized void signal() {
      notifyAll();
    }

    synchronized void await() {
      while (!call.isReady()) {
        if (call.isCancelled()) {
          throw new CancelledException();
        }
        try {
          wait(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CancelledException();
        }
      }
      if (call.isCancelled()) {
        throw new CancelledException();
      }
    }
  }
}
