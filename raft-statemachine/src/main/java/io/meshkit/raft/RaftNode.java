package io.meshkit.raft;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.CommandResult;
import io.meshkit.proto.internal.v1.LeaderQuery;
import io.meshkit.proto.internal.v1.LeaderQueryResult;
import io.meshkit.proto.internal.v1.CompactCommand;
import io.meshkit.proto.internal.v1.HashMarkerCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of the MeshKit quorum: a Ratis server over {@link MeshStateMachine}, plus the entry
 * points the domain modules use — {@link #submit} for writes (forwarded to the leader from any
 * member), {@link #read} for linearizable (after a read barrier; servable by followers) or serializable
 * reads, {@link #watch} for change streams.
 *
 * <p>Thread-safe. Futures complete on Ratis or gRPC threads; failures are {@link MeshException}s.
 */
public final class RaftNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);

  /** How a read may be served. */
  public enum Consistency {
    /** Reflects every write acknowledged before the read started (a read barrier; see ReadBarriers). */
    LINEARIZABLE,
    /** This member's local state: possibly stale, never torn. */
    SERIALIZABLE
  }

  private final RaftNodeConfig config;
  private final RaftGroup group;
  private final RaftServer server;
  private final ForwardingClient client;
  private final MeshStateMachine stateMachine;
  private final CommandDispatcher dispatcher;
  private final ExecutorService watchExecutor;
  private final ScheduledExecutorService maintenance;
  private final RatisRole role;
  private final ReadBarriers readBarriers;
  /** Writes sent straight to this member's server while it leads (see {@link #sendWrite}). */
  private final LocalClient localWrites;
  /** Leader-only proposals (see {@link #submitLocally}). */
  private final LocalClient leaderProposals;
  private final MembershipAdmin membership;

  private RaftNode(RaftNodeConfig config, RaftGroup group, RaftServer server, ForwardingClient client,
      MeshStateMachine stateMachine, CommandDispatcher dispatcher, ExecutorService watchExecutor,
      ScheduledExecutorService maintenance, RatisRole role, Parameters parameters) {
    this.config = config;
    this.group = group;
    this.server = server;
    this.client = client;
    this.stateMachine = stateMachine;
    this.dispatcher = dispatcher;
    this.watchExecutor = watchExecutor;
    this.maintenance = maintenance;
    this.localWrites = new LocalClient(server, group.getGroupId());
    this.leaderProposals = new LocalClient(server, group.getGroupId());
    // Log barriers carry no proposal id: a resent barrier applied twice changes nothing.
    this.role = role;
    this.readBarriers = new ReadBarriers(config.nodeId(), role, barrier -> propose(barrier,
        this::sendWrite), this::submitLocally, stateMachine::awaitApplied, config.requestTimeout());
    stateMachine.leaderQueries().confirmLeadershipWith(readBarriers::confirmLeadership);
    stateMachine.leaderQueries().register(new ReplicationProgressQueries(server, group.getGroupId()));
    this.membership = new MembershipAdmin(config, parameters, group.getGroupId(), role, this::linearizableBarrier,
        this::queryLeader);
  }

  /**
   * Starts the member and returns once its Raft server runs (not once a leader is elected).
   *
   * @param handlers the domain command handlers; the state machine's own are added
   * @param onFatal called when an internal failure stopped the state machine; the process should exit
   */
  public static RaftNode start(RaftNodeConfig config, List<CommandHandler> handlers, StateMachineListener listener,
      Consumer<Throwable> onFatal) throws IOException {
    return start(config, handlers, listener, onFatal, Optional.empty());
  }

  /**
   * {@link #start(RaftNodeConfig, List, StateMachineListener, Consumer)}, with the Raft transport over
   * mutual TLS when {@code peerTls} is given (every member must then use TLS, with certificates its
   * peers trust).
   */
  public static RaftNode start(RaftNodeConfig config, List<CommandHandler> handlers, StateMachineListener listener,
      Consumer<Throwable> onFatal, Optional<PeerTls> peerTls) throws IOException {
    Parameters parameters = new Parameters();
    peerTls.ifPresent(t -> GrpcConfigKeys.TLS.setConf(parameters, new GrpcTlsConfig(t.keyManager(), t.trustManager(),
        true)));
    Files.createDirectories(config.dataDir().resolve("raft"));
    Files.createDirectories(config.dataDir().resolve("state"));
    CommandDispatcher dispatcher = new CommandDispatcher(handlers, config.limits());
    RaftGroup group = groupOf(config);
    ExecutorService watchExecutor = Executors.newFixedThreadPool(2, daemon("meshkit-watch-" + config.nodeId()));
    MeshStateMachine sm = new MeshStateMachine(config.dataDir().resolve("state"), dispatcher, Clock.systemUTC(),
        watchExecutor, config.watchQueueEvents(), onFatal, listener);
    RaftProperties properties = RatisProperties.server(config);
    RaftServer server = RaftServer.newBuilder().setServerId(RaftPeerId.valueOf(config.nodeId()))
        .setGroup(group).setProperties(properties).setParameters(parameters).setStateMachine(sm)
        .setOption(RaftStorage.StartupOption.RECOVER).build();
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      server.close();
      watchExecutor.shutdownNow();
      throw e;
    }
    RatisRole role = new RatisRole(server, group.getGroupId());
    // A fresh client contacts the members of the live configuration (the configured ones until known).
    ForwardingClient client = new ForwardingClient(() -> RaftClient.newBuilder()
        .setProperties(RatisProperties.client(config)).setParameters(parameters)
        .setRaftGroup(liveGroup(config, role)).setLeaderId(null)
        .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(
            (int) Math.max(3, config.requestTimeout().toMillis() / 200), TimeDuration.valueOf(200, TimeUnit.MILLISECONDS)))
        .build(), () -> membersOf(role.memberSet()), config.requestTimeout().multipliedBy(2));
    ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(
        daemon("meshkit-maintenance-" + config.nodeId()));
    RaftNode node = new RaftNode(config, group, server, client, sm, dispatcher, watchExecutor, maintenance, role,
        parameters);
    long every = config.compactionInterval().toMillis();
    maintenance.scheduleWithFixedDelay(node::compactHistoryIfLeader, every, every, TimeUnit.MILLISECONDS);
    return node;
  }

  /**
   * The group a member's server starts with: every configured member as a voter for a new cluster, no
   * one for a member joining a running one (the leader's AddMember gives it its configuration). A
   * restarted member's stored configuration takes precedence over either.
   */
  static RaftGroup groupOf(RaftNodeConfig config) {
    return config.joinExisting() ? RaftGroup.valueOf(groupId(config), List.of()) : contactGroup(config);
  }

  /** Every configured member: whom the forwarding client contacts until the live configuration is known. */
  static RaftGroup contactGroup(RaftNodeConfig config) {
    return RaftGroup.valueOf(groupId(config),
        config.members().stream().map(m -> PeerAddresses.toPeer(m, false)).toList());
  }

  /** Who is in {@code set} and where (voters, listeners), without its log index: equal while membership is. */
  private static Object membersOf(MemberSet set) {
    return List.of(set.voters(), set.listeners());
  }

  /** The members of {@code role}'s configuration, or the configured contacts while it knows none. */
  private static RaftGroup liveGroup(RaftNodeConfig config, RatisRole role) {
    MemberSet set = role.memberSet();
    if (set.empty()) {
      return contactGroup(config);
    }
    return RaftGroup.valueOf(groupId(config), set.all().stream().map(m -> PeerAddresses.toPeer(m,
        set.isListener(m.id()))).toList());
  }

  private static RaftGroupId groupId(RaftNodeConfig config) {
    return RaftGroupId.valueOf(
        UUID.nameUUIDFromBytes(("meshkit:" + config.clusterName()).getBytes(StandardCharsets.UTF_8)));
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  public RaftNodeConfig config() {
    return config;
  }

  /** Stable id of the cluster (the Raft group id). */
  public String clusterId() {
    return group.getGroupId().getUuid().toString();
  }

  public String memberId() {
    return config.nodeId();
  }

  /**
   * Replicates {@code command} through the leader and returns its deterministic result (which may
   * carry a business error code). Fails with {@link MeshException} when the command is invalid or
   * the quorum cannot be reached within the request timeout.
   */
  public CompletableFuture<CommandResult> submit(Command command) {
    // The Raft client may resend the proposal; its id lets the state machine apply it once.
    byte[] id = new byte[16];
    ThreadLocalRandom.current().nextBytes(id);
    return propose(command.toBuilder().setProposalId(ByteString.copyFrom(id)).build(), this::sendWrite);
  }

  /**
   * Sends a write to this member's own Raft server when it is the ready leader — no loopback RPC
   * through the Ratis client — and through the forwarding client otherwise, or when the local server
   * answers that it no longer leads. A write resent that way carries the same proposal id, so it
   * applies at most once even if the first attempt reached the log.
   */
  private CompletableFuture<RaftClientReply> sendWrite(Message message) {
    if (!leadsAndIsReady()) {
      return client.send(message);
    }
    return localWrites.send(message, RaftClientRequest.writeRequestType())
        .handle((reply, failure) -> {
          Throwable problem = failure != null ? failure : reply.isSuccess() ? null : reply.getException();
          return problem != null && RatisErrors.leadershipLost(problem) ? client.send(message)
              : failure != null ? CompletableFuture.<RaftClientReply>failedFuture(failure)
              : CompletableFuture.completedFuture(reply);
        })
        .thenCompose(reply -> reply);
  }

  private boolean leadsAndIsReady() {
    return role.isLeaderReady();
  }

  /**
   * Proposes {@code command} on this member's own Raft server, for work only the leader does (lease
   * expiries, checkpoints). Unlike {@link #submit} it never goes through the forwarding client, so
   * it cannot queue behind requests stuck on a former leader; on a member that does not lead it
   * fails at once with {@code NO_LEADER}.
   */
  public CompletableFuture<CommandResult> submitLocally(Command command) {
    return propose(command, message -> leaderProposals.send(message, RaftClientRequest.writeRequestType()));
  }

  /** Validates, sends with {@code send} and parses the result, bounded by the request timeout. */
  private CompletableFuture<CommandResult> propose(Command command,
      Function<Message, CompletableFuture<RaftClientReply>> send) {
    try {
      dispatcher.validate(command);
    } catch (CommandRejectedException e) {
      return CompletableFuture.failedFuture(new MeshException(e.code(), e.getMessage(), e.hint()));
    }
    Message message = Message.valueOf(UnsafeByteOperations.unsafeWrap(command.toByteArray()));
    // Bounded by the request timeout: past it the outcome is unknown (TIMEOUT), as for any RPC.
    return send.apply(message)
        .orTimeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle(RatisErrors::replied)
        .thenApply(RaftNode::parseResult);
  }

  /**
   * Like {@link #submit}, but a business error in the result fails the future with a
   * {@link MeshException} carrying the code and message, so services can reply straight away.
   */
  public CompletableFuture<CommandResult> execute(Command command) {
    return submit(command).thenApply(RaftNode::succeeded);
  }

  /**
   * A dry run of {@code command}: validated like {@link #submit}, then, after a linearizable
   * barrier, applied to a throwaway copy of this member's state — nothing is proposed, written or
   * watched. Answers what applying it now would, failing like {@link #execute} on a business error.
   * Another write may still come first when the command is submitted for real.
   */
  public CompletableFuture<CommandResult> preview(Command command) {
    try {
      dispatcher.validate(command);
    } catch (CommandRejectedException e) {
      return CompletableFuture.failedFuture(new MeshException(e.code(), e.getMessage(), e.hint()));
    }
    return linearizableBarrier().thenApply(ignored -> succeeded(stateMachine.preview(command)));
  }

  /** {@code result}, or a {@link MeshException} with its code and message when it is a business failure. */
  private static CommandResult succeeded(CommandResult result) {
    if (result.getCode() != io.meshkit.proto.v1.ErrorCode.ERROR_CODE_UNSPECIFIED) {
      throw new MeshException(result.getCode(), result.getMessage(), "");
    }
    return result;
  }

  private static CommandResult parseResult(RaftClientReply reply) {
    try {
      return CommandResult.parseFrom(reply.getMessage().getContent().toByteArray());
    } catch (InvalidProtocolBufferException e) {
      throw new MeshException(io.meshkit.proto.v1.ErrorCode.INTERNAL, "unreadable reply from the leader", "", e);
    }
  }

  /**
   * Completes once this member has applied every entry committed before the call (a ReadIndex round,
   * or a barrier through the log; see {@link ReadBarriers}): a read served afterwards from the local
   * store is linearizable.
   */
  public CompletableFuture<Void> linearizableBarrier() {
    return readBarriers.await();
  }

  /**
   * Switches linearizable reads from log barriers to ReadIndex rounds through {@code peers} (see
   * {@link ReadBarriers}). Call once, when the member can reach the others.
   */
  public void usePeerReads(PeerReads peers) {
    readBarriers.usePeers(peers);
  }

  /**
   * Whether this member's current term is {@code term} and it knows {@code leaderId} as its leader:
   * its answer to a leader confirming a read index. A member answering yes has not voted in any
   * later term.
   */
  public boolean follows(long term, String leaderId) {
    return role.follows(term, leaderId);
  }

  /**
   * On the leader: a read index for a follower's linearizable read — a commit index recorded after
   * the call, confirmed by a majority still following this member. Fails with {@code NO_LEADER}
   * when this member is not the ready leader or cannot confirm it.
   */
  public CompletableFuture<Long> leaderReadIndex() {
    return readBarriers.leaderReadIndex();
  }

  /**
   * Sends {@code query} to the current leader as a linearizable read-only request and returns its
   * answer; see {@link LeaderQueryHandler}. Fails with {@link MeshException} ({@code NO_LEADER},
   * {@code TIMEOUT}, ...) when no leader answers within the request timeout.
   */
  public CompletableFuture<LeaderQueryResult> queryLeader(LeaderQuery query) {
    return queryLeader(query, config.requestTimeout());
  }

  /**
   * {@link #queryLeader(LeaderQuery)} giving up after {@code timeout} — shorter than the request
   * timeout for callers that retry (a leader that just died can leave a query hanging).
   */
  public CompletableFuture<LeaderQueryResult> queryLeader(LeaderQuery query, Duration timeout) {
    RaftPeerId leader;
    try {
      leader = server.getDivision(group.getGroupId()).getInfo().getLeaderId();
    } catch (IOException e) {
      return CompletableFuture.failedFuture(RatisErrors.translate(e));
    }
    if (leader == null) {
      return CompletableFuture.failedFuture(new MeshException(io.meshkit.proto.v1.ErrorCode.NO_LEADER,
          "no leader is known to member " + memberId(), "the cluster is electing a leader; retry in a moment"));
    }
    Message message = Message.valueOf(UnsafeByteOperations.unsafeWrap(query.toByteArray()));
    // Unordered: a leader query must not wait behind this member's queued writes to a dead leader.
    return client.sendReadOnlyUnordered(message, leader)
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle(RatisErrors::replied)
        .thenApply(reply -> {
          try {
            return LeaderQueryResult.parseFrom(reply.getMessage().getContent().toByteArray());
          } catch (InvalidProtocolBufferException e) {
            throw new MeshException(io.meshkit.proto.v1.ErrorCode.INTERNAL, "unreadable answer from the leader", "", e);
          }
        });
  }

  /** Answers the leader queries {@code handler} declares when this member leads. */
  public void registerLeaderQueryHandler(LeaderQueryHandler handler) {
    stateMachine.leaderQueries().register(handler);
  }

  /** Tells {@code listener} when this member starts and stops leading (the current state at once). */
  public void addLeadershipListener(LeadershipListener listener) {
    stateMachine.leadership().add(listener);
  }

  /** Runs {@code reader} on a consistent view after the barrier {@code consistency} requires. */
  public <T> CompletableFuture<T> read(Consistency consistency, Function<ReadView, T> reader) {
    CompletableFuture<Void> ready = consistency == Consistency.LINEARIZABLE
        ? linearizableBarrier() : CompletableFuture.completedFuture(null);
    return ready.thenApply(ignored -> {
      try (ReadView view = stateMachine.openView()) {
        return reader.apply(view);
      }
    });
  }

  /**
   * A consistent view of this member's current state, without a barrier (serializable). Close it
   * promptly: while open it holds off a snapshot install on this member.
   */
  public ReadView openLocalView() {
    return stateMachine.openView();
  }

  /**
   * Replicates a hash marker; every member hashes its state right after applying it (see
   * {@link #stateHash}). Completes with the marker's revision.
   */
  public CompletableFuture<Long> markHash() {
    return execute(Command.newBuilder().setHashMarker(HashMarkerCommand.getDefaultInstance()).build())
        .thenApply(CommandResult::getRevision);
  }

  /**
   * This member's hash of its state at the hash marker applied at {@code revision}, once it applied
   * the marker and hashed. Fails with {@code NOT_FOUND} when this member holds no hash there (no
   * marker at that revision, a restart since, or an evicted result). Bound it with a timeout.
   */
  public CompletableFuture<StateHash> stateHash(long revision) {
    return stateMachine.awaitApplied(revision).thenCompose(applied -> stateMachine.stateHashes().at(revision)
        .orElseGet(() -> CompletableFuture.failedFuture(new MeshException(io.meshkit.proto.v1.ErrorCode.NOT_FOUND,
            "member " + memberId() + " holds no state hash at revision " + revision,
            "issue a new hash marker (meshctl check hash) and ask for its revision"))));
  }

  /** Registers a watch on this member; see {@link WatchHub}. */
  public Watch watch(WatchSpec spec, WatchListener listener) {
    return stateMachine.watchHub().watch(spec, listener);
  }

  public int activeWatches() {
    return stateMachine.watchHub().size();
  }

  /**
   * The header every response carries, for state at {@code revision}. Ratis reports -1 before a
   * member applied anything; clients see 0, the revision of the empty store.
   */
  public io.meshkit.proto.v1.ResponseHeader header(long revision) {
    io.meshkit.proto.v1.ResponseHeader.Builder header = io.meshkit.proto.v1.ResponseHeader.newBuilder()
        .setClusterId(clusterId()).setMemberId(memberId()).setRevision(Math.max(0, revision));
    try {
      DivisionInfo info = server.getDivision(group.getGroupId()).getInfo();
      RaftPeerId leader = info.getLeaderId();
      header.setRaftTerm(info.getCurrentTerm()).setLeaderId(leader == null ? "" : leader.toString());
    } catch (IOException e) {
      // Member shutting down: the header still names the cluster, member and revision.
    }
    return header.build();
  }

  /**
   * The header for this member's current applied state: what a response that reflects no
   * particular revision carries (keepalives, watch creation). Cheaper than {@link #status()}.
   */
  public io.meshkit.proto.v1.ResponseHeader currentHeader() {
    return header(stateMachine.revision());
  }

  /** Raft log flush timing of this member, when Ratis has measured any. */
  public Optional<LogFlushStats> logFlushStats() {
    try {
      return LogFlushStats.of(server.getDivision(group.getGroupId()).getMemberId());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** This member's latest Raft configuration: voters, listeners, and previous voters during a change. */
  public MemberSet members() {
    return role.memberSet();
  }

  /** The leader's replication progress: its commit index, each other member's match index and last contact. */
  public CompletableFuture<io.meshkit.proto.internal.v1.ReplicationProgress> replicationProgress() {
    return membership.progress();
  }

  /** The rules membership changes are checked with (what "caught up" and "reachable" mean). */
  public MembershipRules membershipRules() {
    return membership.rules();
  }

  /**
   * Adds {@code member} as a non-voting listener. It must already run, started to join
   * ({@link RaftNodeConfig#joinExisting}); the change commits once it has caught up with the leader.
   * Completes with the configuration after the change; fails with a {@link MeshException}
   * ({@code ALREADY_EXISTS}, {@code CONFLICT}, {@code TIMEOUT}, ...).
   */
  public CompletableFuture<MemberSet> addMember(RaftMember member) {
    return membership.add(member);
  }

  /** Makes listener {@code id} a voter; refused ({@code FAILED_PRECONDITION}) unless it has caught up. */
  public CompletableFuture<MemberSet> promoteMember(String id) {
    return membership.promote(id);
  }

  /**
   * Removes member {@code id}; refused ({@code FAILED_PRECONDITION}) when the voters left could not form a
   * quorum. A leader removing itself hands leadership over first.
   */
  public CompletableFuture<MemberSet> removeMember(String id) {
    return membership.remove(id);
  }

  /** Hands leadership to voter {@code to}, or to the most caught-up other voter; completes with the new leader. */
  public CompletableFuture<String> transferLeadership(Optional<String> to) {
    return membership.transferLeadership(to);
  }

  /**
   * On the leader, each follower's lag in log entries (leader's last index minus the follower's match
   * index) by member id; empty on other members or when the member is not running.
   */
  public Map<String, Long> followerLag() {
    try {
      return FollowerLag.of(server.getDivision(group.getGroupId()));
    } catch (IOException e) {
      return Map.of();
    }
  }

  /** This member's Raft view, read from its own division. */
  public NodeStatus status() {
    try {
      var division = server.getDivision(group.getGroupId());
      DivisionInfo info = division.getInfo();
      RaftPeerId leader = info.getLeaderId();
      var snapshot = stateMachine.getLatestSnapshot();
      return new NodeStatus(config.nodeId(), info.getCurrentRole().name(), info.getCurrentTerm(),
          leader == null ? "" : leader.toString(), division.getRaftLog().getLastCommittedIndex(),
          info.getLastAppliedIndex(), snapshot == null ? 0 : snapshot.getIndex(),
          division.getRaftLog().getStartIndex(), stateMachine.dbSizeBytes());
    } catch (IOException e) {
      throw new MeshException(io.meshkit.proto.v1.ErrorCode.UNAVAILABLE, "member not running: " + e.getMessage(),
          "", e);
    }
  }

  /** Whether the Raft server is still running (false after an internal failure closed it). */
  public boolean isRunning() {
    return server.getLifeCycleState().isRunning();
  }

  /** Leader only: keeps watch history to the configured window by proposing a compaction. */
  void compactHistoryIfLeader() {
    try {
      NodeStatus status = status();
      if (!"LEADER".equals(status.role())) {
        return;
      }
      long target = status.appliedIndex() - config.watchHistoryRevisions();
      long compacted;
      try (ReadView view = stateMachine.openView()) {
        compacted = view.appliedState().getCompactRevision();
      }
      if (target > compacted) {
        submit(Command.newBuilder().setCompact(CompactCommand.newBuilder().setRevision(target)).build())
            .whenComplete((r, e) -> {
              if (e != null) {
                LOG.warn("watch history compaction to {} failed: {}", target, e.getMessage());
              }
            });
      }
    } catch (RuntimeException e) {
      LOG.warn("watch history compaction check failed: {}", e.toString());
    }
  }

  @Override
  public void close() throws IOException {
    maintenance.shutdownNow();
    membership.close();
    try {
      client.close();
    } finally {
      server.close();
      watchExecutor.shutdownNow();
      readBarriers.close();
    }
  }
}
