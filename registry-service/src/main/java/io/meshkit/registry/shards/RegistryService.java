package io.meshkit.registry.shards;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.v1.AssignShardRequest;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.CreateShardsRequest;
import io.meshkit.proto.v1.DeleteNamespaceRequest;
import io.meshkit.proto.v1.DiffRequest;
import io.meshkit.proto.v1.DiffResponse;
import io.meshkit.proto.v1.GetNamespaceRequest;
import io.meshkit.proto.v1.GetNamespaceResponse;
import io.meshkit.proto.v1.GetNodeRequest;
import io.meshkit.proto.v1.GetNodeResponse;
import io.meshkit.proto.v1.GetShardRequest;
import io.meshkit.proto.v1.GetShardResponse;
import io.meshkit.proto.v1.ListAuditRequest;
import io.meshkit.proto.v1.ListAuditResponse;
import io.meshkit.proto.v1.ListNamespacesRequest;
import io.meshkit.proto.v1.ListNamespacesResponse;
import io.meshkit.proto.v1.ListNodesRequest;
import io.meshkit.proto.v1.ListNodesResponse;
import io.meshkit.proto.v1.ListShardsRequest;
import io.meshkit.proto.v1.ListShardsResponse;
import io.meshkit.proto.v1.MutationResponse;
import io.meshkit.proto.v1.RegisterNodeRequest;
import io.meshkit.proto.v1.RegistryGrpc;
import io.meshkit.proto.v1.RegistrySnapshotRequest;
import io.meshkit.proto.v1.RegistrySnapshotResponse;
import io.meshkit.proto.v1.RegistryWatchRequest;
import io.meshkit.proto.v1.RegistryWatchResponse;
import io.meshkit.proto.v1.ResolveKeyRequest;
import io.meshkit.proto.v1.ResolveKeyResponse;
import io.meshkit.proto.v1.SetNodeStateRequest;
import io.meshkit.proto.v1.SetShardStatusRequest;
import io.meshkit.proto.v1.TransferShardRequest;
import io.meshkit.proto.v1.UpdateNamespaceRequest;
import io.meshkit.proto.v1.UpdateNodeRequest;
import io.meshkit.raft.RaftNode;
import io.meshkit.raft.ReadView;
import io.meshkit.raft.edge.GrpcEdge;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * gRPC {@code meshkit.v1.Registry}. Mutations are replicated commands (any member forwards to the
 * leader) answered with their audit record; with {@code dry_run} they are previewed on this member
 * instead and nothing is written. Reads are linearizable unless the request asks for serializable.
 * The REST mirror on the admin server calls the same methods, so both give the same answers.
 */
public final class RegistryService extends RegistryGrpc.RegistryImplBase {
  private final RaftNode node;
  private final RegistryReads reads = new RegistryReads();
  private final RegistryWatches watches;

  public RegistryService(RaftNode node, RegistryWatches watches) {
    this.node = node;
    this.watches = watches;
  }

  // ---- mutations

  @Override
  public void createNamespace(CreateNamespaceRequest r, StreamObserver<MutationResponse> out) {
    GrpcEdge.reply(mutate(Command.newBuilder().setCreateNamespace(r).build(), false), x -> x, out);
  }

  @Override
  public void updateNamespace(UpdateNamespaceRequest r, StreamObserver<MutationResponse> out) {
    GrpcEdge.reply(mutate(Command.newBuilder().setUpdateNamespace(r).build(), false), x -> x, out);
  }

  @Override
  public void deleteNamespace(DeleteNamespaceRequest r, StreamObserver<MutationResponse> out) {
    GrpcEdge.reply(mutate(Command.newBuilder().setDeleteNamespace(r).build(), false), x -> x, out);
  }

  @Override
  public void createShards(CreateShardsRequest r, StreamObserver<MutationResponse> out) {
    GrpcEdge.reply(mutate(Command.newBuilder().setCreateShards(r).build(), false), x -> x, out);
  }

  @Override
  public void assignShard(AssignShardRequest r, StreamObserver<MutationResponse> out) {
    GrpcEdge.reply(mutate(Command.newBuilder().setAssignShard(r).build(), false), x -> x, out);
  }

  @Override
  public void transferShard(TransferShardRequest r, StreamObserver<MutationResponse> out) {
    GrpcEdge.reply(mutate(Command.newBuilder().setTransferShard(r).build(), false), x -> x, out);
  }

  @Override
  public void setShardStatus(SetShardStatusRequest r, StreamObserver<MutationResponse> out) {
    GrpcEdge.reply(mutate(Command.newBuilder().setSetShardStatus(r).build(), false), x -> x, out);
  }

  @Override
  public void registerNode(RegisterNodeRequest r, StreamObserver<MutationResponse> out) {
    GrpcEdge.reply(mutate(Command.newBuilder().setRegisterNode(r).build(), false), x -> x, out);
  }

  @Override
  public void updateNode(UpdateNodeRequest r, StreamObserver<MutationResponse> out) {
    GrpcEdge.reply(mutate(Command.newBuilder().setUpdateNode(r).build(), false), x -> x, out);
  }

  @Override
  public void setNodeState(SetNodeStateRequest r, StreamObserver<MutationResponse> out) {
    GrpcEdge.reply(mutate(Command.newBuilder().setSetNodeState(r).build(), false), x -> x, out);
  }

  /**
   * Applies, or with {@code dry_run} previews, a registry mutation: {@code request} is a command whose
   * request message still carries its {@code fence} and {@code dry_run} fields (every registry
   * mutation request has both). The fence moves to the envelope, where the state machine checks it
   * before applying; the flag (or {@code forceDryRun}) picks preview over apply. The answer the gRPC
   * and REST edges both give.
   */
  public CompletableFuture<MutationResponse> mutate(Command request, boolean forceDryRun) {
    if (!RegistryCommandHandler.owns(request.getCmdCase())) {
      throw new IllegalArgumentException("not a registry mutation: " + request.getCmdCase());
    }
    return AuditedMutations.mutate(node, request, forceDryRun);
  }

  // ---- reads

  @Override
  public void getNamespace(GetNamespaceRequest r, StreamObserver<GetNamespaceResponse> out) {
    GrpcEdge.reply(getNamespace(r), x -> x, out);
  }

  public CompletableFuture<GetNamespaceResponse> getNamespace(GetNamespaceRequest r) {
    return read(r.getSerializable(), view -> GetNamespaceResponse.newBuilder().setHeader(node.header(view.revision()))
        .setNamespace(reads.namespace(view, r.getName())).build());
  }

  @Override
  public void listNamespaces(ListNamespacesRequest r, StreamObserver<ListNamespacesResponse> out) {
    GrpcEdge.reply(listNamespaces(r), x -> x, out);
  }

  public CompletableFuture<ListNamespacesResponse> listNamespaces(ListNamespacesRequest r) {
    return read(r.getSerializable(), view -> ListNamespacesResponse.newBuilder()
        .setHeader(node.header(view.revision())).addAllNamespaces(RegistryState.namespaces(view)).build());
  }

  @Override
  public void listShards(ListShardsRequest r, StreamObserver<ListShardsResponse> out) {
    GrpcEdge.reply(listShards(r), x -> x, out);
  }

  public CompletableFuture<ListShardsResponse> listShards(ListShardsRequest r) {
    return read(r.getSerializable(), view -> {
      RegistryReads.Page page = reads.shards(view, r);
      return ListShardsResponse.newBuilder().setHeader(node.header(view.revision())).addAllShards(page.shards())
          .setNextPageToken(page.nextPageToken()).build();
    });
  }

  @Override
  public void getShard(GetShardRequest r, StreamObserver<GetShardResponse> out) {
    GrpcEdge.reply(getShard(r), x -> x, out);
  }

  public CompletableFuture<GetShardResponse> getShard(GetShardRequest r) {
    return read(r.getSerializable(), view -> GetShardResponse.newBuilder().setHeader(node.header(view.revision()))
        .setShard(reads.shard(view, r.getNamespace(), r.getShardId())).build());
  }

  @Override
  public void resolveKey(ResolveKeyRequest r, StreamObserver<ResolveKeyResponse> out) {
    GrpcEdge.reply(resolveKey(r), x -> x, out);
  }

  public CompletableFuture<ResolveKeyResponse> resolveKey(ResolveKeyRequest r) {
    return read(r.getSerializable(), view -> reads.resolve(view, r.getNamespace(), r.getKey()).toBuilder()
        .setHeader(node.header(view.revision())).build());
  }

  @Override
  public void snapshot(RegistrySnapshotRequest r, StreamObserver<RegistrySnapshotResponse> out) {
    GrpcEdge.reply(snapshot(r), x -> x, out);
  }

  /** Namespaces (one, or all), their shards, every node and cluster, from one read view: one revision. */
  public CompletableFuture<RegistrySnapshotResponse> snapshot(RegistrySnapshotRequest r) {
    return read(r.getSerializable(), view -> {
      RegistrySnapshotResponse.Builder b = RegistrySnapshotResponse.newBuilder().setHeader(node.header(view.revision()))
          .setCluster(node.config().clusterName());
      if (r.getNamespace().isEmpty()) {
        b.addAllNamespaces(RegistryState.namespaces(view)).addAllShards(RegistryState.shards(view, ""));
      } else {
        b.addNamespaces(reads.namespace(view, r.getNamespace())).addAllShards(RegistryState.shards(view,
            r.getNamespace()));
      }
      return b.addAllNodes(RegistryState.nodes(view)).addAllClusters(RegistryState.clusters(view)).build();
    });
  }

  @Override
  public void getNode(GetNodeRequest r, StreamObserver<GetNodeResponse> out) {
    GrpcEdge.reply(getNode(r), x -> x, out);
  }

  public CompletableFuture<GetNodeResponse> getNode(GetNodeRequest r) {
    return read(r.getSerializable(), view -> GetNodeResponse.newBuilder().setHeader(node.header(view.revision()))
        .setNode(reads.node(view, r.getId())).build());
  }

  @Override
  public void listNodes(ListNodesRequest r, StreamObserver<ListNodesResponse> out) {
    GrpcEdge.reply(listNodes(r), x -> x, out);
  }

  public CompletableFuture<ListNodesResponse> listNodes(ListNodesRequest r) {
    return read(r.getSerializable(), view -> ListNodesResponse.newBuilder().setHeader(node.header(view.revision()))
        .addAllNodes(reads.nodes(view, r.getState())).build());
  }

  @Override
  public void diff(DiffRequest r, StreamObserver<DiffResponse> out) {
    GrpcEdge.reply(diff(r), x -> x, out);
  }

  public CompletableFuture<DiffResponse> diff(DiffRequest r) {
    return read(r.getSerializable(), view -> AuditTrail.diff(view, r.getFromRevision(), r.getToRevision(),
        r.getNamespace()).toBuilder().setHeader(node.header(view.revision())).build());
  }

  @Override
  public void listAudit(ListAuditRequest r, StreamObserver<ListAuditResponse> out) {
    GrpcEdge.reply(listAudit(r), x -> x, out);
  }

  public CompletableFuture<ListAuditResponse> listAudit(ListAuditRequest r) {
    return read(r.getSerializable(), view -> AuditTrail.page(view, r.getFromRevision(), r.getLimit(),
        r.getTargetPrefix()).toBuilder().setHeader(node.header(view.revision())).build());
  }

  @Override
  public void watch(RegistryWatchRequest r, StreamObserver<RegistryWatchResponse> out) {
    watches.open(r, (ServerCallStreamObserver<RegistryWatchResponse>) out);
  }

  private <T> CompletableFuture<T> read(boolean serializable, Function<ReadView, T> reader) {
    return node.read(serializable ? RaftNode.Consistency.SERIALIZABLE : RaftNode.Consistency.LINEARIZABLE, reader);
  }
}
