package io.meshkit.jepsen.workload;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.meshkit.jepsen.ShardState;
import io.meshkit.jepsen.ShardTransfer;
import io.meshkit.proto.ErrorCodes;
import io.meshkit.proto.v1.ChangeInfo;
import io.meshkit.proto.v1.CreateNamespaceRequest;
import io.meshkit.proto.v1.CreateShardsRequest;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.ErrorDetail;
import io.meshkit.proto.v1.GetShardRequest;
import io.meshkit.proto.v1.GetShardResponse;
import io.meshkit.proto.v1.MutationResponse;
import io.meshkit.proto.v1.Namespace;
import io.meshkit.proto.v1.Node;
import io.meshkit.proto.v1.RegisterNodeRequest;
import io.meshkit.proto.v1.RegistryGrpc;
import io.meshkit.proto.v1.ResolveKeyRequest;
import io.meshkit.proto.v1.ResolveKeyResponse;
import io.meshkit.proto.v1.Shard;
import io.meshkit.proto.v1.TransferShardRequest;
import io.meshkit.proto.v1.UpdateNodeRequest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The registry calls of the registry workload, over raw {@code meshkit.v1.Registry} stubs bound to one
 * node (as in Jepsen) and sent once each, without the Java client's retries: every answer reaches the
 * history as that node gave it. Every failure is a {@link KvClient.OpException}, definite when the
 * request was refused before it could apply (see {@link #classify}). Thread-safe.
 */
final class RegistryNodeClient implements AutoCloseable {
  /** Codes after which a change may still have applied (MeshKit's "outcome unknown"). */
  private static final Set<ErrorCode> OUTCOME_UNKNOWN =
      EnumSet.of(ErrorCode.TIMEOUT, ErrorCode.UNAVAILABLE, ErrorCode.NO_LEADER, ErrorCode.INTERNAL);

  private final ManagedChannel channel;
  private final Duration callTimeout;

  RegistryNodeClient(String endpoint, Duration callTimeout) {
    this.channel = Grpc.newChannelBuilder(endpoint, InsecureChannelCredentials.create()).build();
    this.callTimeout = callTimeout;
  }

  private RegistryGrpc.RegistryBlockingStub stub() {
    return RegistryGrpc.newBlockingStub(channel).withDeadlineAfter(callTimeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** GetShard; {@code serializable} reads the node's own state (possibly stale). */
  ShardState shard(String namespace, int shardId, boolean serializable) throws KvClient.OpException {
    GetShardResponse r = call(() -> stub().getShard(GetShardRequest.newBuilder().setNamespace(namespace)
        .setShardId(shardId).setSerializable(serializable).build()));
    return state(r.getShard(), r.getHeader().getRevision());
  }

  /** ResolveKey: the shard that holds {@code key}. */
  ShardState resolve(String namespace, String key, boolean serializable) throws KvClient.OpException {
    ResolveKeyResponse r = call(() -> stub().resolveKey(ResolveKeyRequest.newBuilder().setNamespace(namespace)
        .setKey(key).setSerializable(serializable).build()));
    return state(r.getShard(), r.getHeader().getRevision());
  }

  /** TransferShard at the expected epoch; returns the shard as the transfer left it. */
  ShardState transfer(String namespace, ShardTransfer transfer) throws KvClient.OpException {
    MutationResponse r = call(() -> stub().transferShard(TransferShardRequest.newBuilder().setNamespace(namespace)
        .setShardId(transfer.shardId()).setTo(transfer.to()).setExpectedEpoch(transfer.expectedEpoch())
        .setChange(ChangeInfo.newBuilder().setActor("jepsen")).build()));
    Shard after = r.getAudit().getChangesList().stream().filter(c -> c.getAfter().hasShard())
        .map(c -> c.getAfter().getShard()).findFirst()
        .orElseThrow(() -> new IllegalStateException("a transfer answered without the shard it changed: " + r));
    return state(after, r.getHeader().getRevision());
  }

  void registerNode(Node node) throws KvClient.OpException {
    call(() -> stub().registerNode(RegisterNodeRequest.newBuilder().setNode(node).build()));
  }

  /** Registers {@code node}, or, when it is registered already, replaces its endpoints, zone and labels. */
  void registerOrUpdateNode(Node node) throws KvClient.OpException {
    try {
      registerNode(node);
    } catch (KvClient.OpException e) {
      if (code(e) != ErrorCode.ALREADY_EXISTS) {
        throw e;
      }
      call(() -> stub().updateNode(UpdateNodeRequest.newBuilder().setNode(node).build()));
    }
  }

  void createNamespace(Namespace namespace) throws KvClient.OpException {
    call(() -> stub().createNamespace(CreateNamespaceRequest.newBuilder().setNamespace(namespace).build()));
  }

  void createShards(String namespace) throws KvClient.OpException {
    call(() -> stub().createShards(CreateShardsRequest.newBuilder().setNamespace(namespace).build()));
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }

  private static ShardState state(Shard shard, long revision) {
    return new ShardState(shard.getShardId(), shard.getOwner(), shard.getEpoch(), shard.getModRevision(), revision);
  }

  private static <T> T call(Supplier<T> request) throws KvClient.OpException {
    try {
      return request.get();
    } catch (StatusRuntimeException e) {
      throw classify(e);
    }
  }

  /**
   * Definite unless the request may have applied: it reached a node (no connect failure) and came
   * back with a timeout, an unavailable member or leader, or an internal error. CONFLICT, NOT_FOUND,
   * FAILED_PRECONDITION and the other refusals are definite.
   */
  static KvClient.OpException classify(StatusRuntimeException failure) {
    ErrorDetail detail = ErrorCodes.detailOf(failure);
    boolean definite = ConnectFailures.neverConnected(failure) || !OUTCOME_UNKNOWN.contains(detail.getCode());
    return new KvClient.OpException(detail.getCode() + ": " + detail.getMessage(), definite, failure);
  }

  /** The code of a failure {@link #classify} produced. */
  static ErrorCode code(KvClient.OpException failure) {
    return failure.getCause() == null ? ErrorCode.ERROR_CODE_UNSPECIFIED : ErrorCodes.detailOf(failure.getCause())
        .getCode();
  }
}
