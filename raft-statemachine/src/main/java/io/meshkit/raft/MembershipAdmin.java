package io.meshkit.raft;

import io.meshkit.proto.internal.v1.LeaderQuery;
import io.meshkit.proto.internal.v1.ReplicationProgress;
import io.meshkit.proto.internal.v1.ReplicationProgressQuery;
import io.meshkit.proto.v1.ErrorCode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.exceptions.ReconfigurationInProgressException;
import org.apache.ratis.protocol.exceptions.SetConfigurationException;
import org.apache.ratis.protocol.exceptions.TransferLeadershipException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.util.TimeDuration;

/**
 * Membership changes made from any member: add a listener, promote it, remove a member, hand over
 * leadership. Each change reads the configuration after a linearizable barrier and the leader's
 * replication progress, checks it with {@link MembershipRules}, then asks the leader for the new
 * configuration compare-and-set against the one it checked (a concurrent change makes it fail
 * with {@code CONFLICT} instead of being overwritten). Ratis brings a new member up to date
 * before the configuration naming it commits. Changes run one at a time per member, off the
 * caller's thread; each completes once this member holds the new configuration.
 */
final class MembershipAdmin implements AutoCloseable {
  /** How long a change may take: a new member may need a snapshot before the change commits. */
  private static final Duration CHANGE_TIMEOUT = Duration.ofMinutes(2);

  private final RaftNodeConfig config;
  private final Parameters parameters;
  private final RaftGroupId groupId;
  private final RatisRole role;
  private final Supplier<CompletableFuture<Void>> barrier;
  private final java.util.function.Function<LeaderQuery, CompletableFuture<io.meshkit.proto.internal.v1.LeaderQueryResult>>
      leaderQuery;
  private final MembershipRules rules;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(RaftNode.daemon("meshkit-membership"));

  MembershipAdmin(RaftNodeConfig config, Parameters parameters, RaftGroupId groupId, RatisRole role,
      Supplier<CompletableFuture<Void>> barrier,
      java.util.function.Function<LeaderQuery, CompletableFuture<io.meshkit.proto.internal.v1.LeaderQueryResult>>
          leaderQuery) {
    this.config = config;
    this.parameters = parameters;
    this.groupId = groupId;
    this.role = role;
    this.barrier = barrier;
    this.leaderQuery = leaderQuery;
    // Caught up: within Ratis' staging gap of the commit index. Reachable: heard from within two
    // maximum election timeouts (a follower answers a heartbeat every half minimum timeout).
    this.rules = new MembershipRules(1000, 2 * config.electionTimeoutMax().toMillis());
  }

  MembershipRules rules() {
    return rules;
  }

  /** The leader's replication progress. */
  CompletableFuture<ReplicationProgress> progress() {
    return leaderQuery.apply(LeaderQuery.newBuilder().setReplicationProgress(ReplicationProgressQuery
        .getDefaultInstance()).build()).thenApply(result -> {
          if (result.getCode() != ErrorCode.ERROR_CODE_UNSPECIFIED) {
            throw new MeshException(result.getCode(), result.getMessage(), "retry in a moment");
          }
          return result.getReplicationProgress();
        });
  }

  CompletableFuture<MemberSet> add(RaftMember member) {
    return change(set -> rules.checkAdd(set, member), (set, progress) -> {
      List<RaftPeer> listeners = peers(set.listeners(), true);
      listeners.add(PeerAddresses.toPeer(member, true));
      return new Target(peers(set.voters(), false), listeners);
    }, set -> set.isListener(member.id()), false);
  }

  /**
   * Makes listener {@code id} a voter, in two steps. Ratis 3.3 marks a member added by
   * setConfiguration as caught up only if it joins as a voter; a listener keeps receiving entries
   * flagged "initializing", so its server never leaves STARTING — and once promoted it refuses every
   * vote request until the leader changes (found by MembershipChangeIT: a leadership transfer to the
   * promoted member failed). So promotion takes the listener out of the configuration and adds it
   * back as a voter: Ratis stages it (it has the log already), marks it caught up, and it runs.
   */
  CompletableFuture<MemberSet> promote(String id) {
    return CompletableFuture.supplyAsync(() -> {
      ReplicationProgress progress = settledProgress();
      MemberSet set = role.memberSet();
      rules.checkPromote(set, progress, id);
      RaftMember member = set.find(id).orElseThrow();
      List<RaftPeer> otherListeners = peers(set.listeners().stream().filter(m -> !m.id().equals(id)).toList(), true);
      setConfiguration(set, new Target(peers(set.voters(), false), otherListeners));
      MemberSet detached = awaitHere(s -> !s.isListener(id) && s.stable());
      List<RaftPeer> voters = peers(detached.voters(), false);
      voters.add(PeerAddresses.toPeer(member, false));
      try {
        setConfiguration(detached, new Target(voters, otherListeners));
      } catch (MeshException e) {
        throw new MeshException(e.code(), "member " + id + " left the listeners but was not added as a voter: "
            + e.getMessage(), "add it again with `meshctl member add " + id + " ...`, then promote it", e);
      }
      return awaitHere(s -> s.isVoter(id) && s.stable());
    }, executor);
  }

  CompletableFuture<MemberSet> remove(String id) {
    return change(set -> { }, (set, progress) -> {
      rules.checkRemove(set, progress, id);
      if (id.equals(progress.getLeaderId())) {
        // Hand over first: a leader removing itself would leave the cluster leaderless for an election.
        transferNow(set, progress, Optional.empty());
      }
      return new Target(peers(set.voters().stream().filter(m -> !m.id().equals(id)).toList(), false),
          peers(set.listeners().stream().filter(m -> !m.id().equals(id)).toList(), true));
    }, set -> set.find(id).isEmpty() && set.stable(), true);
  }

  /** Hands leadership to {@code to}, or to the most caught-up other voter; completes with the new leader's id. */
  CompletableFuture<String> transferLeadership(Optional<String> to) {
    return CompletableFuture.supplyAsync(() -> {
      ReplicationProgress progress = settledProgress();
      MemberSet set = role.memberSet();
      if (to.isPresent() && to.get().equals(progress.getLeaderId())) {
        return to.get();
      }
      return transferNow(set, progress, to);
    }, executor);
  }

  private String transferNow(MemberSet set, ReplicationProgress progress, Optional<String> to) {
    String target = rules.transferTarget(set, progress, to);
    try (RaftClient client = client(set)) {
      RaftClientReply reply = client.admin().transferLeadership(RaftPeerId.valueOf(target),
          RaftPeerId.valueOf(progress.getLeaderId()), config.requestTimeout().toMillis() * 2);
      if (!reply.isSuccess()) {
        throw translate(reply.getException());
      }
      return target;
    } catch (IOException e) {
      throw translate(e);
    }
  }

  /** The voters and listeners a change asks for. */
  private record Target(List<RaftPeer> voters, List<RaftPeer> listeners) {}

  private interface Plan {
    Target target(MemberSet set, ReplicationProgress progress);
  }

  /**
   * One change: {@code precheck} on this member's configuration (without asking the leader), then the
   * leader's progress when {@code needsProgress}, the {@code plan}, the compare-and-set, and a wait
   * until this member's configuration satisfies {@code done}.
   */
  private CompletableFuture<MemberSet> change(java.util.function.Consumer<MemberSet> precheck, Plan plan,
      Predicate<MemberSet> done, boolean needsProgress) {
    return CompletableFuture.supplyAsync(() -> {
      await(barrier);
      precheck.accept(role.memberSet());
      ReplicationProgress progress = needsProgress ? settledProgress() : ReplicationProgress.getDefaultInstance();
      MemberSet set = role.memberSet();
      setConfiguration(set, plan.target(set, progress));
      return awaitHere(done);
    }, executor);
  }

  /** Asks the leader for {@code target}, compare-and-set against {@code current}; returns once it committed. */
  private void setConfiguration(MemberSet current, Target target) {
    SetConfigurationRequest.Arguments arguments = SetConfigurationRequest.Arguments.newBuilder()
        .setServersInCurrentConf(peers(current.voters(), false))
        .setListenersInCurrentConf(peers(current.listeners(), true))
        .setServersInNewConf(target.voters()).setListenersInNewConf(target.listeners())
        .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET).build();
    try (RaftClient client = client(current)) {
      RaftClientReply reply = client.admin().setConfiguration(arguments);
      if (!reply.isSuccess()) {
        throw translate(reply.getException());
      }
    } catch (IOException e) {
      throw translate(e);
    }
  }

  /** A linearizable barrier, then the leader's progress, each retried while leadership settles. */
  private ReplicationProgress settledProgress() {
    await(barrier);
    return await(this::progress);
  }

  /**
   * Waits for {@code call}, retrying it on a retriable failure (a leader not ready yet, right after an
   * election or a transfer) for up to twice the request timeout.
   */
  private <T> T await(Supplier<CompletableFuture<T>> call) {
    long deadline = System.nanoTime() + config.requestTimeout().toNanos() * 2;
    while (true) {
      try {
        return call.get().get(config.requestTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MeshException(ErrorCode.UNAVAILABLE, "interrupted", "retry", e);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        MeshException failure = RatisErrors.translate(e instanceof java.util.concurrent.ExecutionException
            ? e.getCause() : e);
        if (!io.meshkit.proto.ErrorCodes.isRetriable(failure.code()) || System.nanoTime() > deadline) {
          throw failure;
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MeshException(ErrorCode.UNAVAILABLE, "interrupted", "retry", e);
      }
    }
  }

  /** Waits (bounded) until this member's configuration satisfies {@code done}, and returns it. */
  private MemberSet awaitHere(Predicate<MemberSet> done) {
    long deadline = System.nanoTime() + config.requestTimeout().toNanos() * 2;
    MemberSet set = role.memberSet();
    while (!done.test(set) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      set = role.memberSet();
    }
    return set;
  }

  private RaftClient client(MemberSet set) {
    List<RaftPeer> all = peers(set.voters(), false);
    all.addAll(peers(set.listeners(), true));
    return RaftClient.newBuilder().setProperties(RatisProperties.client(config, CHANGE_TIMEOUT))
        .setParameters(parameters).setRaftGroup(RaftGroup.valueOf(groupId, all)).setLeaderId(null)
        .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(10,
            TimeDuration.valueOf(300, TimeUnit.MILLISECONDS)))
        .build();
  }

  private static List<RaftPeer> peers(List<RaftMember> members, boolean listeners) {
    List<RaftPeer> out = new ArrayList<>();
    members.forEach(m -> out.add(PeerAddresses.toPeer(m, listeners)));
    return out;
  }

  private static MeshException translate(Throwable failure) {
    Throwable t = failure;
    while (t.getCause() != null && !(t instanceof org.apache.ratis.protocol.exceptions.RaftException)) {
      t = t.getCause();
    }
    if (t instanceof ReconfigurationInProgressException) {
      return new MeshException(ErrorCode.CONFLICT, "a membership change is already under way",
          "retry once it completes (`meshctl member list`)", t);
    }
    if (t instanceof SetConfigurationException) {
      return new MeshException(ErrorCode.CONFLICT, "the configuration changed while this change was prepared: "
          + t.getMessage(), "check `meshctl member list` and retry", t);
    }
    if (t instanceof TransferLeadershipException) {
      return new MeshException(ErrorCode.FAILED_PRECONDITION, "leadership transfer failed: " + t.getMessage(),
          "check that the target is a caught-up voter (`meshctl member list`) and retry", t);
    }
    if (t instanceof org.apache.ratis.protocol.exceptions.ReconfigurationTimeoutException) {
      return new MeshException(ErrorCode.TIMEOUT, "the new member did not catch up in time: " + t.getMessage(),
          "check that it runs with initialClusterState: existing and can reach the leader's Raft port", t);
    }
    return RatisErrors.translate(failure);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
