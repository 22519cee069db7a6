package io.meshkit.client;

import io.grpc.Channel;
import io.grpc.Deadline;
import io.meshkit.proto.v1.AssignShardRequest;
import io.meshkit.proto.v1.AuditRecord;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.CreateShardsRequest;
import io.meshkit.proto.v1.DeleteNamespaceRequest;
import io.meshkit.proto.v1.DiffRequest;
import io.meshkit.proto.v1.DiffResponse;
import io.meshkit.proto.v1.GetNamespaceRequest;
import io.meshkit.proto.v1.HashingStrategy;
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
import io.meshkit.proto.v1.ResolveKeyRequest;
import io.meshkit.proto.v1.ResolveKeyResponse;
import io.meshkit.proto.v1.SetNodeStateRequest;
import io.meshkit.proto.v1.SetShardStatusRequest;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.TransferShardRequest;
import io.meshkit.proto.v1.UpdateNamespaceRequest;
import io.meshkit.proto.v1.UpdateNodeRequest;
import io.meshkit.sharding.Strategies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The shard and node registry ({@code meshkit.v1.Registry}): namespaces, shards, nodes, their diff,
 * audit trail and watch. Obtained from {@link MeshkitClient#registry()}; shares its endpoints,
 * retries and call timeout, and is closed with it. Thread-safe.
 *
 * <p>Retries follow {@link MeshkitClient}: reads are retried on any retriable failure; mutations
 * only when they certainly were not applied, so a lost answer surfaces as a
 * {@link MeshkitClientException} with {@link MeshkitClientException#outcomeUnknown()} (read, then
 * decide). A mutation with {@code dry_run} applies nothing and is retried like a read. Every
 * mutation answers with the {@link io.meshkit.proto.v1.AuditRecord} of what it changed (or would).
 */
public final class RegistryClient {
  private final RetryingCaller caller;
  private final EndpointPool pool;
  private final Backoff backoff;
  private final ScheduledExecutorService scheduler;
  private final Duration callTimeout;
  private final Consumer<WatchSubscription> watches;

  RegistryClient(RetryingCaller caller, EndpointPool pool, Backoff backoff, ScheduledExecutorService scheduler,
      Duration callTimeout, Consumer<WatchSubscription> watches) {
    this.caller = caller;
    this.pool = pool;
    this.backoff = backoff;
    this.scheduler = scheduler;
    this.callTimeout = callTimeout;
    this.watches = watches;
  }

  /** Creates a namespace (no shards yet: {@link #createShards}). */
  public CompletableFuture<MutationResponse> createNamespaceAsync(CreateNamespaceRequest request) {
    return mutate((ch, d, r) -> stub(ch, d).createNamespace(r), request, request.getDryRun());
  }

  /** Replaces a namespace's replication, placement and policy (hashing and shard count only before its shards exist). */
  public CompletableFuture<MutationResponse> updateNamespaceAsync(UpdateNamespaceRequest request) {
    return mutate((ch, d, r) -> stub(ch, d).updateNamespace(r), request, request.getDryRun());
  }

  /** Deletes a namespace and its shards. */
  public CompletableFuture<MutationResponse> deleteNamespaceAsync(DeleteNamespaceRequest request) {
    return mutate((ch, d, r) -> stub(ch, d).deleteNamespace(r), request, request.getDryRun());
  }

  public CompletableFuture<GetNamespaceResponse> getNamespaceAsync(GetNamespaceRequest request) {
    return read((ch, d, r) -> stub(ch, d).getNamespace(r), request);
  }

  public CompletableFuture<ListNamespacesResponse> listNamespacesAsync(ListNamespacesRequest request) {
    return read((ch, d, r) -> stub(ch, d).listNamespaces(r), request);
  }

  /** Creates every shard of a namespace with a balanced initial placement. */
  public CompletableFuture<MutationResponse> createShardsAsync(CreateShardsRequest request) {
    return mutate((ch, d, r) -> stub(ch, d).createShards(r), request, request.getDryRun());
  }

  /** One page; {@link #listAllShards} follows the pages. */
  public CompletableFuture<ListShardsResponse> listShardsAsync(ListShardsRequest request) {
    return read((ch, d, r) -> stub(ch, d).listShards(r), request);
  }

  public CompletableFuture<GetShardResponse> getShardAsync(GetShardRequest request) {
    return read((ch, d, r) -> stub(ch, d).getShard(r), request);
  }

  /** The shard that holds a key, and its owner's node record. */
  public CompletableFuture<ResolveKeyResponse> resolveKeyAsync(ResolveKeyRequest request) {
    return read((ch, d, r) -> stub(ch, d).resolveKey(r), request);
  }

  /** Sets a shard's replicas (owner first), if still at the expected epoch. */
  public CompletableFuture<MutationResponse> assignShardAsync(AssignShardRequest request) {
    return mutate((ch, d, r) -> stub(ch, d).assignShard(r), request, request.getDryRun());
  }

  /** Moves a shard's ownership, if still at the expected epoch. */
  public CompletableFuture<MutationResponse> transferShardAsync(TransferShardRequest request) {
    return mutate((ch, d, r) -> stub(ch, d).transferShard(r), request, request.getDryRun());
  }

  public CompletableFuture<MutationResponse> setShardStatusAsync(SetShardStatusRequest request) {
    return mutate((ch, d, r) -> stub(ch, d).setShardStatus(r), request, request.getDryRun());
  }

  public CompletableFuture<MutationResponse> registerNodeAsync(RegisterNodeRequest request) {
    return mutate((ch, d, r) -> stub(ch, d).registerNode(r), request, request.getDryRun());
  }

  /** Replaces a node's endpoints, zone, labels and capacity weight. */
  public CompletableFuture<MutationResponse> updateNodeAsync(UpdateNodeRequest request) {
    return mutate((ch, d, r) -> stub(ch, d).updateNode(r), request, request.getDryRun());
  }

  /** Cordons, drains, reactivates or decommissions a node. */
  public CompletableFuture<MutationResponse> setNodeStateAsync(SetNodeStateRequest request) {
    return mutate((ch, d, r) -> stub(ch, d).setNodeState(r), request, request.getDryRun());
  }

  public CompletableFuture<GetNodeResponse> getNodeAsync(GetNodeRequest request) {
    return read((ch, d, r) -> stub(ch, d).getNode(r), request);
  }

  public CompletableFuture<ListNodesResponse> listNodesAsync(ListNodesRequest request) {
    return read((ch, d, r) -> stub(ch, d).listNodes(r), request);
  }

  /** Namespaces, shards and nodes at one revision (the header's): what a router starts from. */
  public CompletableFuture<RegistrySnapshotResponse> snapshotAsync(RegistrySnapshotRequest request) {
    return read((ch, d, r) -> stub(ch, d).snapshot(r), request);
  }

  public RegistrySnapshotResponse snapshot(RegistrySnapshotRequest request) {
    return MeshkitClient.await(snapshotAsync(request));
  }

  /** Shards whose owner or status differs between two revisions. */
  public CompletableFuture<DiffResponse> diffAsync(DiffRequest request) {
    return read((ch, d, r) -> stub(ch, d).diff(r), request);
  }

  /** One page of the audit trail; {@link #listAllAudit} follows the pages. */
  public CompletableFuture<ListAuditResponse> listAuditAsync(ListAuditRequest request) {
    return read((ch, d, r) -> stub(ch, d).listAudit(r), request);
  }

  public MutationResponse createNamespace(CreateNamespaceRequest request) {
    return MeshkitClient.await(createNamespaceAsync(request));
  }

  public MutationResponse updateNamespace(UpdateNamespaceRequest request) {
    return MeshkitClient.await(updateNamespaceAsync(request));
  }

  public MutationResponse deleteNamespace(DeleteNamespaceRequest request) {
    return MeshkitClient.await(deleteNamespaceAsync(request));
  }

  public GetNamespaceResponse getNamespace(GetNamespaceRequest request) {
    return MeshkitClient.await(getNamespaceAsync(request));
  }

  public ListNamespacesResponse listNamespaces(ListNamespacesRequest request) {
    return MeshkitClient.await(listNamespacesAsync(request));
  }

  public MutationResponse createShards(CreateShardsRequest request) {
    return MeshkitClient.await(createShardsAsync(request));
  }

  public ListShardsResponse listShards(ListShardsRequest request) {
    return MeshkitClient.await(listShardsAsync(request));
  }

  public GetShardResponse getShard(GetShardRequest request) {
    return MeshkitClient.await(getShardAsync(request));
  }

  public ResolveKeyResponse resolveKey(ResolveKeyRequest request) {
    return MeshkitClient.await(resolveKeyAsync(request));
  }

  public MutationResponse assignShard(AssignShardRequest request) {
    return MeshkitClient.await(assignShardAsync(request));
  }

  public MutationResponse transferShard(TransferShardRequest request) {
    return MeshkitClient.await(transferShardAsync(request));
  }

  public MutationResponse setShardStatus(SetShardStatusRequest request) {
    return MeshkitClient.await(setShardStatusAsync(request));
  }

  public MutationResponse registerNode(RegisterNodeRequest request) {
    return MeshkitClient.await(registerNodeAsync(request));
  }

  public MutationResponse updateNode(UpdateNodeRequest request) {
    return MeshkitClient.await(updateNodeAsync(request));
  }

  public MutationResponse setNodeState(SetNodeStateRequest request) {
    return MeshkitClient.await(setNodeStateAsync(request));
  }

  public GetNodeResponse getNode(GetNodeRequest request) {
    return MeshkitClient.await(getNodeAsync(request));
  }

  public ListNodesResponse listNodes(ListNodesRequest request) {
    return MeshkitClient.await(listNodesAsync(request));
  }

  public DiffResponse diff(DiffRequest request) {
    return MeshkitClient.await(diffAsync(request));
  }

  public ListAuditResponse listAudit(ListAuditRequest request) {
    return MeshkitClient.await(listAuditAsync(request));
  }

  /**
   * Every shard matching {@code request}'s filters, following {@code next_page_token}, up to
   * {@code max} shards (0 = all). {@code request.limit} is the page size. Pages may reflect
   * different revisions: a shard changed meanwhile may show its older or newer state.
   */
  public List<Shard> listAllShards(ListShardsRequest request, int max) {
    return collect(request, this::listShards, ListShardsResponse::getShardsList, (page, response) ->
        response.getNextPageToken().isEmpty() ? null
            : page.toBuilder().setPageToken(response.getNextPageToken()).build(), max);
  }

  /**
   * Audit records after {@code request.from_revision}, oldest first, following
   * {@code next_from_revision}, up to {@code max} records (0 = all). {@code request.limit} is the
   * page size.
   */
  public List<AuditRecord> listAllAudit(ListAuditRequest request, int max) {
    return collect(request, this::listAudit, ListAuditResponse::getRecordsList, (page, response) ->
        response.getNextFromRevision() == 0 ? null
            : page.toBuilder().setFromRevision(response.getNextFromRevision()).build(), max);
  }

  /** Fetches pages from {@code first} until {@code next} gives null (the last page) or {@code max} items. */
  private static <Q, R, T> List<T> collect(Q first, Function<Q, R> fetch, Function<R, List<T>> items,
      BiFunction<Q, R, Q> next, int max) {
    List<T> all = new ArrayList<>();
    for (Q page = first; page != null; ) {
      R response = fetch.apply(page);
      all.addAll(items.apply(response));
      if (max > 0 && all.size() >= max) {
        return List.copyOf(all.subList(0, max));
      }
      page = next.apply(page, response);
    }
    return all;
  }

  /**
   * Streams registry changes to {@code handler}, resuming on another member after a failure; see
   * {@link RegistryWatch}. With {@code start_revision} 0 the watch starts after the revision a
   * linearizable read returns first (one extra call), which is what makes "from now" resumable.
   * The subscription's {@code done()} completes when it is closed, or exceptionally when the
   * server refuses the watch for good.
   */
  public WatchSubscription watch(RegistryWatchRequest request, RegistryWatchHandler handler) {
    RegistryWatch watch = new RegistryWatch(pool, backoff, scheduler, request, handler);
    watches.accept(watch);
    watch.start(request.getStartRevision() > 0 ? CompletableFuture.completedFuture(request.getStartRevision())
        : listNamespacesAsync(ListNamespacesRequest.getDefaultInstance())
            .thenApply(r -> r.getHeader().getRevision() + 1));
    return watch;
  }

  /**
   * What is wrong with a namespace's hashing and shard count (empty when nothing): the checks the
   * server runs, for callers that want to fail before sending.
   */
  public static List<String> hashingProblems(HashingStrategy hashing, int shardCount) {
    return Strategies.problems(hashing, shardCount);
  }

  private <Q, R> CompletableFuture<R> read(Rpc<Q, R> rpc, Q request) {
    return caller.call(rpc, request, Idempotence.SAFE, callTimeout);
  }

  /** A dry run changes nothing, so it may be sent twice; a real mutation may not. */
  private <Q> CompletableFuture<MutationResponse> mutate(Rpc<Q, MutationResponse> rpc, Q request, boolean dryRun) {
    return caller.call(rpc, request, dryRun ? Idempotence.SAFE : Idempotence.UNSAFE, callTimeout);
  }

  private static RegistryGrpc.RegistryFutureStub stub(Channel channel, Deadline deadline) {
    return RegistryGrpc.newFutureStub(channel).withDeadline(deadline);
  }
}
