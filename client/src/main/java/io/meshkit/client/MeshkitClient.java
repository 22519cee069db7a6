package io.meshkit.client;

import com.google.protobuf.ByteString;
import io.meshkit.proto.v1.CampaignRequest;
import io.meshkit.proto.v1.CampaignResponse;
import io.meshkit.proto.v1.CandidacyKey;
import io.meshkit.proto.v1.ClusterGrpc;
import io.meshkit.proto.v1.ElectionGrpc;
import io.meshkit.proto.v1.LeaderRequest;
import io.meshkit.proto.v1.LeaderResponse;
import io.meshkit.proto.v1.LeadershipEvent;
import io.meshkit.proto.v1.LeaseGrantRequest;
import io.meshkit.proto.v1.LeaseGrantResponse;
import io.meshkit.proto.v1.LeaseGrpc;
import io.meshkit.proto.v1.LeaseListRequest;
import io.meshkit.proto.v1.LeaseListResponse;
import io.meshkit.proto.v1.LeaseRevokeRequest;
import io.meshkit.proto.v1.LeaseRevokeResponse;
import io.meshkit.proto.v1.LeaseTimeToLiveRequest;
import io.meshkit.proto.v1.LeaseTimeToLiveResponse;
import io.meshkit.proto.v1.ListScopesRequest;
import io.meshkit.proto.v1.ListScopesResponse;
import io.meshkit.proto.v1.ObserveRequest;
import io.meshkit.proto.v1.ProclaimRequest;
import io.meshkit.proto.v1.ProclaimResponse;
import io.meshkit.proto.v1.ResignRequest;
import io.meshkit.proto.v1.ResignResponse;
import io.meshkit.proto.v1.CompactionRequest;
import io.meshkit.proto.v1.CompactionResponse;
import io.meshkit.proto.v1.DeleteRangeRequest;
import io.meshkit.proto.v1.DeleteRangeResponse;
import io.meshkit.proto.v1.HealthRequest;
import io.meshkit.proto.v1.HealthResponse;
import io.meshkit.proto.v1.KVGrpc;
import io.meshkit.proto.v1.KeyValue;
import io.meshkit.proto.v1.MemberStatusRequest;
import io.meshkit.proto.v1.MemberStatusResponse;
import io.meshkit.proto.v1.PutRequest;
import io.meshkit.proto.v1.PutResponse;
import io.meshkit.proto.v1.RangeRequest;
import io.meshkit.proto.v1.RangeResponse;
import io.meshkit.proto.v1.RequestOp;
import io.meshkit.proto.v1.TxnRequest;
import io.meshkit.proto.v1.TxnResponse;
import io.meshkit.proto.v1.WatchCreateRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The MeshKit client. Thread-safe; make one per process and share it.
 *
 * <p>Every call goes to one member of the endpoint list (any member serves any request) and moves
 * to the next member when that one fails. A call is retried with backoff until the call timeout:
 * reads on every retriable failure; writes only when the change certainly was not applied (see
 * {@link MeshkitClientException#outcomeUnknown()} for the other case). Watches resume on another
 * member from the last revision delivered, losing and repeating nothing.
 *
 * <p>Failures surface as {@link MeshkitClientException} carrying the server's error code and hint;
 * the async variants complete exceptionally with it.
 */
public final class MeshkitClient implements AutoCloseable {
  private final EndpointPool pool;
  private final RetryingCaller caller;
  private final ScheduledExecutorService scheduler;
  private final Backoff backoff;
  private final Duration callTimeout;
  /** How to close each stream still open: watches and peer watches. */
  private final Set<Runnable> openStreams = ConcurrentHashMap.newKeySet();
  private final RegistryClient registry;
  private final RebalanceClient rebalance;
  private final FederationClient federation;
  private final AuthClient auth;
  private final PolicyClient policy;
  private final MembersClient members;
  private final BootstrapClient bootstrap;
  private final MembershipClient membership;
  private final MaintenanceClient maintenance;

  private MeshkitClient(Builder b) {
    io.grpc.ChannelCredentials channel = b.credentials != null ? b.credentials : b.tls.credentials();
    this.pool = new EndpointPool(b.endpoints, b.token == null ? channel
        : io.grpc.CompositeChannelCredentials.create(channel, new BearerToken(b.token)), b.maxInboundMessageBytes);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "meshkit-client-retry");
      t.setDaemon(true);
      return t;
    });
    this.backoff = b.backoff;
    this.callTimeout = b.callTimeout;
    this.caller = new RetryingCaller(pool, backoff, scheduler);
    this.registry = new RegistryClient(caller, pool, backoff, scheduler, callTimeout, this::track);
    this.membership = new MembershipClient(caller, pool, callTimeout, w -> track(w.done(), w::close));
    this.rebalance = new RebalanceClient(caller, callTimeout);
    this.federation = new FederationClient(caller, callTimeout);
    this.auth = new AuthClient(caller, callTimeout);
    this.policy = new PolicyClient(caller, callTimeout);
    this.members = new MembersClient(caller, callTimeout);
    this.bootstrap = new BootstrapClient(caller, callTimeout);
    this.maintenance = new MaintenanceClient(caller, pool, callTimeout);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The configured endpoints, in order. */
  public List<String> endpoints() {
    return pool.endpoints();
  }

  public Duration callTimeout() {
    return callTimeout;
  }

  /** The shard and node registry, through this client's endpoints, retries and call timeout. */
  public RegistryClient registry() {
    return registry;
  }

  /** The federation's cluster descriptors, through this client's endpoints, retries and call timeout. */
  public FederationClient federation() {
    return federation;
  }

  /** Access control: roles, users, tokens, who-am-I; through this client's endpoints, retries and call timeout. */
  public AuthClient auth() {
    return auth;
  }

  /** The Raft configuration: list members, add, promote, remove, hand over leadership. */
  public MembersClient members() {
    return members;
  }

  /** The transport policy: get, set, validate a configuration against it. */
  public PolicyClient policy() {
    return policy;
  }

  /** Join tokens (issue, list, revoke), through this client's endpoints, retries and call timeout. */
  public BootstrapClient bootstrap() {
    return bootstrap;
  }

  /** Snapshots and state hashes of members (backup, consistency checks). */
  public MaintenanceClient maintenance() {
    return maintenance;
  }

  /** Shard rebalance plans, through this client's endpoints, retries and call timeout. */
  public RebalanceClient rebalance() {
    return rebalance;
  }

  /** The gossip view of whichever member answers, through this client's endpoints and call timeout. */
  public MembershipClient membership() {
    return membership;
  }

  // --- KV ---

  public CompletableFuture<RangeResponse> rangeAsync(RangeRequest request) {
    return caller.call((ch, d, r) -> KVGrpc.newFutureStub(ch).withDeadline(d).range(r), request,
        Idempotence.SAFE, callTimeout);
  }

  public CompletableFuture<PutResponse> putAsync(PutRequest request) {
    return caller.call((ch, d, r) -> KVGrpc.newFutureStub(ch).withDeadline(d).put(r), request,
        Idempotence.UNSAFE, callTimeout);
  }

  public CompletableFuture<DeleteRangeResponse> deleteRangeAsync(DeleteRangeRequest request) {
    return caller.call((ch, d, r) -> KVGrpc.newFutureStub(ch).withDeadline(d).deleteRange(r), request,
        Idempotence.UNSAFE, callTimeout);
  }

  /** A transaction made only of reads is retried like a read; one that writes, like a write. */
  public CompletableFuture<TxnResponse> txnAsync(TxnRequest request) {
    return caller.call((ch, d, r) -> KVGrpc.newFutureStub(ch).withDeadline(d).txn(r), request,
        readOnly(request) ? Idempotence.SAFE : Idempotence.UNSAFE, callTimeout);
  }

  /** Compaction is idempotent: compacting to a revision twice compacts once. */
  public CompletableFuture<CompactionResponse> compactAsync(CompactionRequest request) {
    return caller.call((ch, d, r) -> KVGrpc.newFutureStub(ch).withDeadline(d).compact(r), request,
        Idempotence.SAFE, callTimeout);
  }

  public RangeResponse range(RangeRequest request) {
    return await(rangeAsync(request));
  }

  public PutResponse put(PutRequest request) {
    return await(putAsync(request));
  }

  public DeleteRangeResponse deleteRange(DeleteRangeRequest request) {
    return await(deleteRangeAsync(request));
  }

  public TxnResponse txn(TxnRequest request) {
    return await(txnAsync(request));
  }

  public CompactionResponse compact(CompactionRequest request) {
    return await(compactAsync(request));
  }

  /** Puts a UTF-8 key and value. */
  public PutResponse put(String key, String value) {
    return put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).setValue(ByteString.copyFromUtf8(value))
        .build());
  }

  /** Linearizable read of one UTF-8 key. */
  public Optional<KeyValue> get(String key) {
    RangeResponse response = range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).build());
    return response.getKvsCount() == 0 ? Optional.empty() : Optional.of(response.getKvs(0));
  }

  // --- Cluster: these ask one named member, without moving to another ---

  /** What the member at {@code endpoint} knows about itself and the cluster. */
  public MemberStatusResponse memberStatus(String endpoint) {
    return await(caller.callOnce(Endpoints.validate(endpoint),
        (ch, d, r) -> ClusterGrpc.newFutureStub(ch).withDeadline(d).memberStatus(r),
        MemberStatusRequest.getDefaultInstance(), callTimeout));
  }

  /** Whether the member at {@code endpoint} can serve a linearizable read now. */
  public HealthResponse health(String endpoint) {
    return await(caller.callOnce(Endpoints.validate(endpoint),
        (ch, d, r) -> ClusterGrpc.newFutureStub(ch).withDeadline(d).health(r),
        HealthRequest.getDefaultInstance(), callTimeout));
  }

  // --- Leases ---

  /** Grants a lease of {@code ttl} (id chosen by the cluster). */
  public LeaseGrantResponse grantLease(Duration ttl) {
    return grantLease(LeaseGrantRequest.newBuilder().setTtlMs(ttl.toMillis()).build());
  }

  /** A grant is retried like a write, except with an explicit id, where a repeat is harmless. */
  public LeaseGrantResponse grantLease(LeaseGrantRequest request) {
    return await(caller.call((ch, d, r) -> LeaseGrpc.newFutureStub(ch).withDeadline(d).grant(r), request,
        request.getId() != 0 ? Idempotence.SAFE : Idempotence.UNSAFE, callTimeout));
  }

  /** Revokes a lease and deletes what is attached to it. Idempotent apart from NOT_FOUND on a repeat. */
  public LeaseRevokeResponse revokeLease(long id) {
    return await(caller.call((ch, d, r) -> LeaseGrpc.newFutureStub(ch).withDeadline(d).revoke(r),
        LeaseRevokeRequest.newBuilder().setId(id).build(), Idempotence.UNSAFE, callTimeout));
  }

  public LeaseTimeToLiveResponse leaseTimeToLive(long id, boolean withKeys) {
    return await(caller.call((ch, d, r) -> LeaseGrpc.newFutureStub(ch).withDeadline(d).timeToLive(r),
        LeaseTimeToLiveRequest.newBuilder().setId(id).setKeys(withKeys).build(), Idempotence.SAFE, callTimeout));
  }

  public LeaseListResponse listLeases() {
    return await(caller.call((ch, d, r) -> LeaseGrpc.newFutureStub(ch).withDeadline(d).list(r),
        LeaseListRequest.getDefaultInstance(), Idempotence.SAFE, callTimeout));
  }

  /**
   * Keeps lease {@code id} (granted with {@code ttl}) alive until closed or lost; see
   * {@link LeaseKeepAlive}. Assumes the grant was sent just now: a holder that acts on the lease
   * before the first renewal should pass the grant's send time to the other overload.
   */
  public LeaseKeepAlive keepAlive(long id, Duration ttl, LeaseKeepAlive.Listener listener) {
    return keepAlive(id, ttl, System.nanoTime(), listener);
  }

  /**
   * Like {@link #keepAlive(long, Duration, LeaseKeepAlive.Listener)}, with the {@link System#nanoTime()}
   * at which the grant was sent: until the first renewal, {@link LeaseKeepAlive#validUntilNanos()}
   * is that time plus the TTL, never later than the cluster may expire the lease.
   */
  public LeaseKeepAlive keepAlive(long id, Duration ttl, long grantSentNanos, LeaseKeepAlive.Listener listener) {
    LeaseKeepAlive keepAlive = new LeaseKeepAlive(id, ttl.toMillis(), grantSentNanos, pool, scheduler, listener);
    keepAlive.start();
    return keepAlive;
  }

  // --- Elections ---

  /**
   * Campaigns and waits up to {@code maxWait} to lead. Campaigning again with the same candidate
   * and lease resumes the same candidacy, so the call is retried like a read.
   */
  public CampaignResponse campaign(CampaignRequest request, Duration maxWait) {
    return await(caller.call((ch, d, r) -> ElectionGrpc.newFutureStub(ch).withDeadline(d).campaign(r), request,
        Idempotence.SAFE, maxWait));
  }

  public ProclaimResponse proclaim(CandidacyKey key, ByteString value) {
    return await(caller.call((ch, d, r) -> ElectionGrpc.newFutureStub(ch).withDeadline(d).proclaim(r),
        ProclaimRequest.newBuilder().setKey(key).setValue(value).build(), Idempotence.UNSAFE, callTimeout));
  }

  public ResignResponse resign(CandidacyKey key) {
    return await(caller.call((ch, d, r) -> ElectionGrpc.newFutureStub(ch).withDeadline(d).resign(r),
        ResignRequest.newBuilder().setKey(key).build(), Idempotence.UNSAFE, callTimeout));
  }

  /** The scope's leadership and candidates (linearizable). */
  public LeaderResponse leader(String scope) {
    return await(caller.call((ch, d, r) -> ElectionGrpc.newFutureStub(ch).withDeadline(d).leader(r),
        LeaderRequest.newBuilder().setScope(scope).build(), Idempotence.SAFE, callTimeout));
  }

  public ListScopesResponse listScopes() {
    return await(caller.call((ch, d, r) -> ElectionGrpc.newFutureStub(ch).withDeadline(d).listScopes(r),
        ListScopesRequest.getDefaultInstance(), Idempotence.SAFE, callTimeout));
  }

  /**
   * Streams leadership changes ({@code scope} empty = every scope) to {@code consumer}, resuming on
   * another member after a failure. The future completes when {@link AutoCloseable#close()} is
   * called on the result, or exceptionally when the server refuses the request for good.
   */
  public ObserveSubscription observe(ObserveRequest request, Consumer<LeadershipEvent> consumer) {
    LeadershipObserver observer = new LeadershipObserver(pool, backoff, scheduler, request, consumer);
    observer.connect();
    return new ObserveSubscription() {
      @Override
      public CompletableFuture<Void> done() {
        return observer.done();
      }

      @Override
      public void close() {
        observer.close();
      }
    };
  }

  /** A running Observe stream. */
  public interface ObserveSubscription extends AutoCloseable {
    CompletableFuture<Void> done();

    @Override
    void close();
  }

  // --- Watch ---

  /**
   * Starts a watch; see {@link ResumableWatch}. {@code start_revision} 0 watches from now; the
   * {@code watch_id} is chosen by the client.
   */
  public WatchSubscription watch(WatchCreateRequest request, WatchHandler handler) {
    ResumableWatch watch = new ResumableWatch(pool, backoff, scheduler, request, handler);
    track(watch);
    watch.start();
    return watch;
  }

  /** Closes {@code watch} with the client, unless it ended before. */
  private void track(WatchSubscription watch) {
    track(watch.done(), watch::close);
  }

  /** Runs {@code close} when the client closes, unless {@code done} completed before. */
  private void track(CompletableFuture<Void> done, Runnable close) {
    openStreams.add(close);
    done.whenComplete((ok, failed) -> openStreams.remove(close));
  }

  @Override
  public void close() {
    List.copyOf(openStreams).forEach(Runnable::run);
    scheduler.shutdownNow();
    pool.close();
  }

  private static boolean readOnly(TxnRequest request) {
    return request.getSuccessList().stream().allMatch(RequestOp::hasRequestRange)
        && request.getFailureList().stream().allMatch(RequestOp::hasRequestRange);
  }

  /** Waits for an async call; its failure is rethrown as the {@link MeshkitClientException} it is. */
  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (CompletionException e) {
      throw rethrow(e.getCause());
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for MeshKit");
    }
  }

  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof MeshkitClientException e) {
      return e.rethrownHere();
    }
    if (cause instanceof RuntimeException re) {
      return re;
    }
    return new IllegalStateException(cause);
  }

  /** Client settings. Defaults: the local dev cluster, 5 s per call, plaintext. */
  public static final class Builder {
    private List<String> endpoints = List.of("127.0.0.1:7001", "127.0.0.1:7002", "127.0.0.1:7003");
    private Duration callTimeout = Duration.ofSeconds(5);
    private ClientTls tls = ClientTls.plaintext();
    private io.grpc.ChannelCredentials credentials;
    private String token;
    private Backoff backoff = Backoff.DEFAULT;
    private int maxInboundMessageBytes = 16 * 1024 * 1024;

    private Builder() {}

    /** Members to talk to, {@code host:port} each; any one is enough, more survive failures. */
    public Builder endpoints(List<String> endpoints) {
      if (endpoints.isEmpty()) {
        throw new IllegalArgumentException("no endpoints given: expected at least one host:port");
      }
      endpoints.forEach(Endpoints::validate);
      this.endpoints = List.copyOf(endpoints);
      return this;
    }

    /** Comma-separated {@code host:port} list. */
    public Builder endpoints(String commaSeparated) {
      this.endpoints = Endpoints.parse(commaSeparated);
      return this;
    }

    /** Upper bound of one call including its retries. */
    public Builder callTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the call timeout must be positive, got " + timeout);
      }
      this.callTimeout = timeout;
      return this;
    }

    public Builder tls(ClientTls tls) {
      this.tls = tls;
      return this;
    }

    /**
     * The channels' credentials as they are, instead of {@link #tls}: for a long-lived client whose
     * certificates are reloaded while it runs ({@link TlsMaterial#channelCredentials()}).
     */
    public Builder credentials(io.grpc.ChannelCredentials credentials) {
      this.credentials = credentials;
      return this;
    }

    /**
     * A bearer token ({@code mktok.<id>.<secret>}, from {@code meshctl auth token create}) sent on every
     * call; it names the caller instead of the client certificate. Use it over TLS: on a plaintext
     * channel anyone on the path can read it.
     */
    public Builder token(String token) {
      new BearerToken(token);
      this.token = token;
      return this;
    }

    /** Retry pacing: first wait about {@code initial}, doubling up to {@code max}. */
    public Builder backoff(Duration initial, Duration max) {
      this.backoff = new Backoff(initial, max);
      return this;
    }

    /** Largest response accepted (default 16 MiB); large ranges need a limit or a larger bound. */
    public Builder maxInboundMessageBytes(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("max inbound message size must be at least 1024 bytes, got " + bytes);
      }
      this.maxInboundMessageBytes = bytes;
      return this;
    }

    public MeshkitClient build() {
      return new MeshkitClient(this);
    }
  }
}
