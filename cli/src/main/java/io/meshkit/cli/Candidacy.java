package io.meshkit.cli;

import io.meshkit.client.LeaseKeepAlive;
import io.meshkit.client.MeshkitClient;
import io.meshkit.client.MeshkitClient.ObserveSubscription;
import io.meshkit.client.MeshkitClientException;
import io.meshkit.proto.v1.CampaignRequest;
import io.meshkit.proto.v1.CampaignResponse;
import io.meshkit.proto.v1.CandidacyKey;
import io.meshkit.proto.v1.ErrorCode;
import io.meshkit.proto.v1.LeaseGrantResponse;
import io.meshkit.proto.v1.Leadership;
import io.meshkit.proto.v1.ObserveRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One candidacy as {@code leaders campaign} runs it: the lease (granted, or the user's), its
 * keepalive, the campaign and the wait to be elected, the term of office, and the withdrawal at the
 * end — resign, and revoke the lease if it was granted here — whichever way the command ends.
 *
 * <p>Threading: {@link #run()} runs on the command's thread, which alone touches the candidacy's
 * state. The wait for election runs on a helper thread; the keepalive, the Observe stream and the
 * interrupt (a shutdown hook) only complete futures the command's thread waits on. The interrupt
 * then blocks until the command's thread has withdrawn, because the process halts when it returns.
 */
final class Candidacy {
  /** How long one Campaign call waits to be elected; it is then sent again and resumes the candidacy. */
  private static final Duration WAIT_PER_CALL = Duration.ofSeconds(30);

  private final Session session;
  private final MeshkitClient client;
  private final CampaignRequest request;
  /** The TTL of the lease to grant; null to campaign with {@link #givenLease}. */
  private final Duration grantTtl;
  private final long givenLease;
  private final boolean noWait;

  private final CompletableFuture<Void> interrupted = new CompletableFuture<>();
  /** Completed with the client's reason when the lease is lost. */
  private final CompletableFuture<String> leaseLost = new CompletableFuture<>();
  private final CountDownLatch withdrawn = new CountDownLatch(1);
  /** Tells the election wait to give up instead of campaigning again. */
  private volatile boolean stopping;

  // The command thread's.
  private long leaseId;
  private boolean ownLease;
  private LeaseKeepAlive keepAlive;
  private CandidacyKey key;

  Candidacy(Session session, CampaignRequest request, Duration grantTtl, long givenLease, boolean noWait) {
    this.session = session;
    this.client = session.client();
    this.request = request;
    this.grantTtl = grantTtl;
    this.givenLease = givenLease;
    this.noWait = noWait;
  }

  /** Campaigns and holds office until interrupted (exit 0) or lost (throws); withdraws either way. */
  int run() throws Exception {
    Interrupts.Registration onInterrupt = session.context().interrupts().onInterrupt(this::interruptAndAwaitWithdrawal);
    try {
      return campaignAndHold();
    } finally {
      try {
        withdraw();
      } finally {
        onInterrupt.close();
        withdrawn.countDown();
      }
    }
  }

  /** The interrupt: stop, and return only once the command's thread has withdrawn (or given up). */
  private void interruptAndAwaitWithdrawal() {
    interrupted.complete(null);
    try {
      withdrawn.await(client.callTimeout().multipliedBy(3).plusSeconds(1).toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private int campaignAndHold() throws Exception {
    Duration leaseTtl = acquireLease();
    if (interrupted.isDone()) {
      return ExitCodes.OK;
    }
    keepAlive = client.keepAlive(leaseId, leaseTtl, new LeaseKeepAlive.Listener() {
      @Override
      public void onLost(MeshkitClientException why) {
        leaseLost.complete(why.getMessage());
      }
    });
    CampaignResponse first = client.campaign(request.toBuilder().setLease(leaseId).setNoWait(true).build(),
        client.callTimeout());
    key = first.getKey();
    if (interrupted.isDone()) {
      return ExitCodes.OK;
    }
    long token = first.getToken();
    if (!first.getElected()) {
      Leadership leader = client.leader(key.getScope()).getLeadership();
      if (noWait) {
        LeadershipViews.Campaign result = LeadershipViews.Campaign.notElected(key, leader);
        session.output().printStreamed(result, out -> LeadershipText.campaign(out, result));
        return ExitCodes.REFUSED;
      }
      session.err().println(leader.getCandidate().isEmpty() ? "waiting to take office..."
          : "waiting for " + leader.getCandidate() + " to step down...");
      session.err().flush();
      Optional<CampaignResponse> elected = awaitElection();
      if (elected.isEmpty()) {
        return ExitCodes.OK;
      }
      token = elected.get().getToken();
    }
    LeadershipViews.Campaign result = LeadershipViews.Campaign.elected(key, token);
    session.output().printStreamed(result, out -> LeadershipText.campaign(out, result));
    return hold(token);
  }

  /** Grants the lease, or checks that the given one exists; returns its TTL. */
  private Duration acquireLease() {
    if (grantTtl != null) {
      LeaseGrantResponse grant = client.grantLease(grantTtl);
      leaseId = grant.getId();
      ownLease = true;
      return Duration.ofMillis(grant.getTtlMs());
    }
    leaseId = givenLease;
    return Duration.ofMillis(LeaseTtlCommand.existing(session, givenLease, false).getGrantedTtlMs());
  }

  /** The elected answer, or empty when interrupted first; throws when the candidacy ended. */
  private Optional<CampaignResponse> awaitElection() {
    CampaignRequest waiting = request.toBuilder().setLease(leaseId).setNoWait(false).build();
    ExecutorService waiter = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "meshctl-campaign");
      t.setDaemon(true);
      return t;
    });
    CompletableFuture<CampaignResponse> election = CompletableFuture.supplyAsync(() -> campaignUntilElected(waiting),
        waiter);
    try {
      awaitAny(election, leaseLost, interrupted);
      if (interrupted.isDone()) {
        return Optional.empty();
      }
      if (leaseLost.isDone()) {
        throw new CommandFailedException("lost the candidacy before it was elected: " + leaseLost.join(),
            "campaign again; a longer --ttl rides out longer cluster outages");
      }
      return Optional.of(election.join());
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException failure ? failure : e;
    } finally {
      stopping = true;
      waiter.shutdownNow();
    }
  }

  /** Campaign calls until one answers elected; a call that runs out of time is sent again. */
  private CampaignResponse campaignUntilElected(CampaignRequest waiting) {
    while (true) {
      try {
        return client.campaign(waiting, WAIT_PER_CALL);
      } catch (MeshkitClientException e) {
        if (!e.isRetriable() || stopping) {
          throw e;
        }
      }
    }
  }

  /**
   * Holds office until interrupted (exit 0) or until the lease is lost or another candidacy takes
   * office (a resignation from elsewhere): then throws "lost leadership".
   */
  private int hold(long token) throws Exception {
    CompletableFuture<String> deposed = new CompletableFuture<>();
    ObserveRequest changes = ObserveRequest.newBuilder().setScope(key.getScope()).setStartRevision(token + 1).build();
    ObserveSubscription observe = client.observe(changes, event -> {
      Leadership now = event.getLeadership();
      if (now.getCandidacyRevision() != key.getCreateRevision()) {
        deposed.complete(now.getCandidate().isEmpty() ? key.getScope() + " has no leader now"
            : now.getCandidate() + " took office in " + key.getScope() + " with token " + now.getToken());
      }
    });
    try {
      awaitAny(leaseLost, deposed, interrupted);
      if (interrupted.isDone()) {
        return ExitCodes.OK;
      }
      String why = leaseLost.isDone() ? leaseLost.join() : deposed.join();
      throw new CommandFailedException("lost leadership: " + why, "token " + token + " is stale: writes fenced "
          + "with it fail; campaign again for a new one");
    } finally {
      observe.close();
    }
  }

  /** Waits until one of {@code futures} completes, either way; an interrupt of this thread counts as Ctrl-C. */
  private void awaitAny(CompletableFuture<?>... futures) {
    try {
      CompletableFuture.anyOf(futures).handle((result, failure) -> null).get();
    } catch (InterruptedException e) {
      interrupted.complete(null);
    } catch (ExecutionException e) {
      throw new IllegalStateException("handle() completes normally", e);
    }
  }

  /**
   * Resigns the candidacy (unless its lease is gone, which withdrew it), stops the keepalive and
   * revokes the lease if it was granted here. Failures are notes: the lease's expiry withdraws
   * whatever is left.
   */
  private void withdraw() {
    stopping = true;
    boolean leaseGone = leaseLost.isDone();
    if (key != null && !leaseGone) {
      try {
        client.resign(key);
        if (interrupted.isDone()) {
          note(key.getCandidate() + " resigned from " + key.getScope());
        }
      } catch (MeshkitClientException e) {
        if (e.code() != ErrorCode.NOT_FOUND) {
          note("could not resign (" + e.getMessage() + "); the candidacy ends when lease " + leaseId + " does");
        }
      }
    }
    if (keepAlive != null) {
      keepAlive.close();
    }
    if (ownLease && !leaseGone) {
      try {
        client.revokeLease(leaseId);
      } catch (MeshkitClientException e) {
        if (e.code() != ErrorCode.NOT_FOUND) {
          note("could not revoke lease " + leaseId + " (" + e.getMessage() + "); it expires within its TTL");
        }
      }
    }
  }

  private void note(String text) {
    session.err().println(text);
    session.err().flush();
  }
}
