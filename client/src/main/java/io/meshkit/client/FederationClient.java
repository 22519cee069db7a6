package io.meshkit.client;

import io.grpc.Channel;
import io.grpc.Deadline;
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

/**
 * The federation's cluster descriptors ({@code meshkit.v1.Federation}): register, update, get, list.
 * Obtained from {@link MeshkitClient#federation()}; retries like the registry: reads and dry runs on
 * any retriable failure, changes only when they certainly were not applied.
 */
public final class FederationClient {
  private final RetryingCaller caller;
  private final java.time.Duration callTimeout;

  FederationClient(RetryingCaller caller, java.time.Duration callTimeout) {
    this.caller = caller;
    this.callTimeout = callTimeout;
  }

  public MutationResponse registerCluster(RegisterClusterRequest request) {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).registerCluster(r), request,
        request.getDryRun() ? Idempotence.SAFE : Idempotence.UNSAFE, callTimeout));
  }

  /** Replaces region, zones, priority, endpoints and labels (role, state and epoch change by failover). */
  public MutationResponse updateCluster(UpdateClusterRequest request) {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).updateCluster(r), request,
        request.getDryRun() ? Idempotence.SAFE : Idempotence.UNSAFE, callTimeout));
  }

  /**
   * Fails over to {@code to} (sent to a member of {@code to}); with {@code dry_run} only the plan. Not
   * retried once sent, but its steps are idempotent: a failover that broke off can be asked again.
   */
  public FailoverResponse failover(FailoverRequest request) {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).failover(r), request,
        request.getDryRun() ? Idempotence.SAFE : Idempotence.UNSAFE, failoverTimeout(request)));
  }

  /** The fencing half of a failover, on the old primary (the orchestrator sends it). */
  public MutationResponse fenceCluster(FenceClusterRequest request) {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).fenceCluster(r), request,
        request.getDryRun() ? Idempotence.SAFE : Idempotence.UNSAFE, callTimeout));
  }

  /** A failover may wait for replication to catch up: the call timeout plus that wait. */
  private java.time.Duration failoverTimeout(FailoverRequest request) {
    return callTimeout.plusMillis(request.getCatchUpTimeoutMs() > 0 ? request.getCatchUpTimeoutMs() : 30_000);
  }

  public GetClusterResponse getCluster(GetClusterRequest request) {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).getCluster(r), request, Idempotence.SAFE,
        callTimeout));
  }

  public ListClustersResponse listClusters(ListClustersRequest request) {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).listClusters(r), request, Idempotence.SAFE,
        callTimeout));
  }

  private static FederationGrpc.FederationFutureStub stub(Channel channel, Deadline deadline) {
    return FederationGrpc.newFutureStub(channel).withDeadline(deadline);
  }
}
