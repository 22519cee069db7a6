package io.meshkit.client;

import io.grpc.Channel;
import io.grpc.Deadline;
import io.meshkit.proto.v1.GetRebalancePlanRequest;
import io.meshkit.proto.v1.GetRebalancePlanResponse;
import io.meshkit.proto.v1.ListRebalancePlansRequest;
import io.meshkit.proto.v1.ListRebalancePlansResponse;
import io.meshkit.proto.v1.PlanRebalanceRequest;
import io.meshkit.proto.v1.PlanRebalanceResponse;
import io.meshkit.proto.v1.RebalanceGrpc;
import io.meshkit.proto.v1.RebalancePlanActionRequest;
import io.meshkit.proto.v1.RebalancePlanActionResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Shard rebalance plans ({@code meshkit.v1.Rebalance}): plan (or preview), list, get, approve,
 * cancel, roll back. Obtained from {@link MeshkitClient#rebalance()}; retries like the registry: reads
 * and dry runs on any retriable failure, changes only when they certainly were not applied.
 */
public final class RebalanceClient {
  private final RetryingCaller caller;
  private final Duration callTimeout;

  RebalanceClient(RetryingCaller caller, Duration callTimeout) {
    this.caller = caller;
    this.callTimeout = callTimeout;
  }

  /** Plans a namespace now; stores the plan unless {@code dry_run} (or there is nothing to do). */
  public PlanRebalanceResponse plan(PlanRebalanceRequest request) {
    return MeshkitClient.await(caller.call((ch, d, r) -> stub(ch, d).plan(r), request,
        request.getDryRun() ? Idempotence.SAFE : Idempotence.UNSAFE, callTimeout));
  }

  public ListRebalancePlansResponse list(ListRebalancePlansRequest request) {
    return MeshkitClient.await(read((ch, d, r) -> stub(ch, d).list(r), request));
  }

  public GetRebalancePlanResponse get(GetRebalancePlanRequest request) {
    return MeshkitClient.await(read((ch, d, r) -> stub(ch, d).get(r), request));
  }

  public RebalancePlanActionResponse approve(RebalancePlanActionRequest request) {
    return MeshkitClient.await(change((ch, d, r) -> stub(ch, d).approve(r), request));
  }

  public RebalancePlanActionResponse cancel(RebalancePlanActionRequest request) {
    return MeshkitClient.await(change((ch, d, r) -> stub(ch, d).cancel(r), request));
  }

  /** Stores the inverse of an ended plan's done moves as a new, approved plan. */
  public RebalancePlanActionResponse rollback(RebalancePlanActionRequest request) {
    return MeshkitClient.await(change((ch, d, r) -> stub(ch, d).rollback(r), request));
  }

  private <Q, R> CompletableFuture<R> read(Rpc<Q, R> rpc, Q request) {
    return caller.call(rpc, request, Idempotence.SAFE, callTimeout);
  }

  private <Q, R> CompletableFuture<R> change(Rpc<Q, R> rpc, Q request) {
    return caller.call(rpc, request, Idempotence.UNSAFE, callTimeout);
  }

  private static RebalanceGrpc.RebalanceFutureStub stub(Channel channel, Deadline deadline) {
    return RebalanceGrpc.newFutureStub(channel).withDeadline(deadline);
  }
}
