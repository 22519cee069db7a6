package io.meshkit.registry.kv;

import io.grpc.stub.StreamObserver;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.internal.v1.CompactCommand;
import io.meshkit.proto.v1.CompactionRequest;
import io.meshkit.proto.v1.CompactionResponse;
import io.meshkit.proto.v1.DeleteRangeRequest;
import io.meshkit.proto.v1.DeleteRangeResponse;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.Fence;
import io.meshkit.proto.v1.KVGrpc;
import io.meshkit.proto.v1.PutRequest;
import io.meshkit.proto.v1.PutResponse;
import io.meshkit.proto.v1.RangeRequest;
import io.meshkit.proto.v1.RangeResponse;
import io.meshkit.proto.v1.TxnRequest;
import io.meshkit.proto.v1.TxnResponse;
import io.meshkit.raft.CommandRejectedException;
import io.meshkit.raft.MeshException;
import io.meshkit.raft.RaftNode;
import io.meshkit.raft.edge.GrpcEdge;
import java.util.concurrent.CompletableFuture;

/**
 * gRPC {@code meshkit.v1.KV}: writes are replicated through {@link RaftNode#submit} (any member
 * forwards to the leader); reads are linearizable unless the request asks for serializable.
 */
public final class KvService extends KVGrpc.KVImplBase {
  private final RaftNode node;

  public KvService(RaftNode node) {
    this.node = node;
  }

  @Override
  public void range(RangeRequest request, StreamObserver<RangeResponse> observer) {
    try {
      KvValidation.range(request, node.config().limits());
    } catch (CommandRejectedException e) {
      observer.onError(GrpcEdge.toStatus(new MeshException(e.code(), e.getMessage(), e.hint())));
      return;
    }
    RaftNode.Consistency consistency = request.getSerializable()
        ? RaftNode.Consistency.SERIALIZABLE : RaftNode.Consistency.LINEARIZABLE;
    GrpcEdge.reply(node.read(consistency, view -> KvReads.range(view, request).toBuilder()
        .setHeader(node.header(view.revision())).build()), r -> r, observer);
  }

  @Override
  public void put(PutRequest request, StreamObserver<PutResponse> observer) {
    GrpcEdge.reply(submit(fenced(request.hasFence(), request.getFence()).setPut(request).build()),
        r -> r.getPut().toBuilder().setHeader(node.header(r.getRevision())).build(), observer);
  }

  @Override
  public void deleteRange(DeleteRangeRequest request, StreamObserver<DeleteRangeResponse> observer) {
    GrpcEdge.reply(submit(fenced(request.hasFence(), request.getFence()).setDeleteRange(request).build()),
        r -> r.getDeleteRange().toBuilder().setHeader(node.header(r.getRevision())).build(), observer);
  }

  @Override
  public void txn(TxnRequest request, StreamObserver<TxnResponse> observer) {
    GrpcEdge.reply(submit(fenced(request.hasFence(), request.getFence()).setTxn(request).build()),
        r -> r.getTxn().toBuilder().setHeader(node.header(r.getRevision())).build(), observer);
  }

  @Override
  public void compact(CompactionRequest request, StreamObserver<CompactionResponse> observer) {
    long revision = request.getRevision();
    if (revision < 0) {
      observer.onError(GrpcEdge.toStatus(new MeshException(ErrorCode.INVALID_ARGUMENT,
          "compaction revision must be >= 0", "0 compacts to the server's retention window")));
      return;
    }
    if (revision == 0) {
      revision = node.status().appliedIndex() - node.config().watchHistoryRevisions();
      if (revision <= 0) {
        GrpcEdge.reply(node.read(RaftNode.Consistency.LINEARIZABLE, view -> CompactionResponse.newBuilder()
            .setHeader(node.header(view.revision())).setCompactRevision(view.appliedState().getCompactRevision())
            .build()), r -> r, observer);
        return;
      }
    }
    GrpcEdge.reply(submit(Command.newBuilder().setCompact(CompactCommand.newBuilder().setRevision(revision)).build()),
        r -> CompactionResponse.newBuilder().setHeader(node.header(r.getRevision()))
            .setCompactRevision(r.getCompact().getCompactRevision()).build(), observer);
  }

  /** A command carrying the request's fence, which the state machine checks before applying it. */
  private static Command.Builder fenced(boolean hasFence, Fence fence) {
    Command.Builder command = Command.newBuilder();
    return hasFence ? command.setFence(fence) : command;
  }

  private CompletableFuture<CommandResult> submit(Command command) {
    return node.execute(command);
  }
}
