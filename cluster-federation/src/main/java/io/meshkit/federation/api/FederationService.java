package io.meshkit.federation.api;

import io.grpc.stub.StreamObserver;
import io.meshkit.federation.failover.FailoverOrchestrator;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.FailoverRequest;
import io.meshkit.proto.v1.FailoverResponse;
import io.meshkit.proto.v1.FederationGrpc;
import io.meshkit.proto.v1.FenceClusterRequest;
import io.meshkit.proto.v1.GetClusterRequest;
import io.meshkit.proto.v1.GetClusterResponse;
import io.meshkit.proto.v1.ListClustersRequest;
import io.meshkit.proto.v1.ListClustersResponse;
import io.meshkit.proto.v1.MutationResponse;
import io.meshkit.proto.v1.RegisterClusterRequest;
import io.meshkit.proto.v1.UpdateClusterRequest;
import io.meshkit.raft.RaftNode;
import io.meshkit.raft.edge.GrpcEdge;
import io.meshkit.registry.shards.AuditedMutations;
import io.meshkit.registry.shards.RegistryAccess;
import java.util.concurrent.CompletableFuture;

/**
 * The Federation API: cluster descriptors registered and updated through Raft (audited like registry
 * mutations, with dry runs and fences), read linearizably unless the request asks for serializable.
 * The gRPC edge and the admin server's REST edge call the same methods.
 */
public final class FederationService extends FederationGrpc.FederationImplBase {
  private final RaftNode node;

  private volatile FailoverOrchestrator orchestrator;

  public FederationService(RaftNode node) {
    this.node = node;
  }

  /** The member's failover orchestrator (made after the services, as it needs the federation office). */
  public void useOrchestrator(FailoverOrchestrator orchestrator) {
    this.orchestrator = orchestrator;
  }

  @Override
  public void failover(FailoverRequest r, StreamObserver<FailoverResponse> out) {
    GrpcEdge.reply(failover(r), x -> x, out);
  }

  public CompletableFuture<FailoverResponse> failover(FailoverRequest r) {
    FailoverOrchestrator o = orchestrator;
    if (o == null) {
      return CompletableFuture.failedFuture(GrpcEdge.failure(ErrorCode.UNAVAILABLE, "this member is starting",
          "retry in a moment"));
    }
    return o.failover(r);
  }

  @Override
  public void fenceCluster(FenceClusterRequest r, StreamObserver<MutationResponse> out) {
    GrpcEdge.reply(fenceCluster(r), x -> x, out);
  }

  public CompletableFuture<MutationResponse> fenceCluster(FenceClusterRequest r) {
    return AuditedMutations.mutate(node, Command.newBuilder().setFenceCluster(r).build(), false);
  }

  @Override
  public void registerCluster(RegisterClusterRequest r, StreamObserver<MutationResponse> out) {
    GrpcEdge.reply(registerCluster(r), x -> x, out);
  }

  public CompletableFuture<MutationResponse> registerCluster(RegisterClusterRequest r) {
    return AuditedMutations.mutate(node, Command.newBuilder().setRegisterCluster(r).build(), false);
  }

  @Override
  public void updateCluster(UpdateClusterRequest r, StreamObserver<MutationResponse> out) {
    GrpcEdge.reply(updateCluster(r), x -> x, out);
  }

  public CompletableFuture<MutationResponse> updateCluster(UpdateClusterRequest r) {
    return AuditedMutations.mutate(node, Command.newBuilder().setUpdateCluster(r).build(), false);
  }

  @Override
  public void getCluster(GetClusterRequest r, StreamObserver<GetClusterResponse> out) {
    GrpcEdge.reply(getCluster(r), x -> x, out);
  }

  public CompletableFuture<GetClusterResponse> getCluster(GetClusterRequest r) {
    return node.read(consistency(r.getSerializable()), view -> GetClusterResponse.newBuilder()
        .setHeader(node.header(view.revision())).setCluster(RegistryAccess.cluster(view, r.getId()).orElseThrow(() ->
            GrpcEdge.failure(ErrorCode.NOT_FOUND, "cluster " + r.getId() + " is not registered",
                "list the registered ones: meshctl clusters list"))).build());
  }

  @Override
  public void listClusters(ListClustersRequest r, StreamObserver<ListClustersResponse> out) {
    GrpcEdge.reply(listClusters(r), x -> x, out);
  }

  public CompletableFuture<ListClustersResponse> listClusters(ListClustersRequest r) {
    return node.read(consistency(r.getSerializable()), view -> ListClustersResponse.newBuilder()
        .setHeader(node.header(view.revision())).addAllClusters(RegistryAccess.clusters(view)).build());
  }

  private static RaftNode.Consistency consistency(boolean serializable) {
    return serializable ? RaftNode.Consistency.SERIALIZABLE : RaftNode.Consistency.LINEARIZABLE;
  }
}
