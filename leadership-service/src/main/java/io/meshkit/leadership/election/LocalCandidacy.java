package io.meshkit.leadership.election;

import io.meshkit.leadership.lease.LeaseService;
import io.meshkit.proto.internal.v1.CampaignCommand;
import io.meshkit.proto.internal.v1.Command;
import io.meshkit.proto.internal.v1.LeaseGrantCommand;
import io.meshkit.proto.internal.v1.LeaseRevokeCommand;
import io.meshkit.proto.v1.Fence;
import io.meshkit.proto.v1.Leadership;
import io.meshkit.raft.RaftNode;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A candidacy held inside a member for one election scope — how a member-side controller (the
 * rebalancer) takes part in an election exactly like an external client: a lease of {@code ttl},
 * kept alive every ttl/3, a candidacy on it, and the scope's leadership read linearizably on every
 * {@link #refresh}. {@link #fence()} is the fence to put on the controller's writes while this
 * candidacy leads; it may be stale by one refresh, which is safe because the state machine checks
 * every fenced write against the scope's current token (a deposed holder's write fails FENCED).
 *
 * <p>When the member stops or is cut off, its lease expires after {@code ttl} and the next candidacy
 * in the scope's queue leads with a higher token; when it restarts, its new life ends the previous
 * life's candidacy at once (see {@link #endPreviousLife}). Not thread-safe: one caller drives it.
 */
public final class LocalCandidacy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalCandidacy.class);

  private final RaftNode node;
  private final LeaseService leases;
  private final String scope;
  private final String candidate;
  private final Duration ttl;
  private long lease;
  private long candidacyRevision;
  private long lastRenewalNanos;
  private Optional<Fence> fence = Optional.empty();
  /** Why the candidacy does not lead, as of the last refresh ("" while it leads). */
  private volatile String problem = "not refreshed yet";

  public LocalCandidacy(RaftNode node, LeaseService leases, String scope, String candidate, Duration ttl) {
    this.node = node;
    this.leases = leases;
    this.scope = scope;
    this.candidate = candidate;
    this.ttl = ttl;
  }

  /**
   * Keeps the lease and candidacy up (granting and campaigning again after the lease was lost) and
   * reads whether the candidacy leads now. Blocks up to the request timeout per step; failures (no
   * quorum) leave it not leading until a later refresh succeeds.
   */
  public void refresh() {
    long timeoutMs = node.config().requestTimeout().toMillis() * 2;
    try {
      if (lease != 0 && System.nanoTime() - lastRenewalNanos >= ttl.toNanos() / 3) {
        long granted = leases.renew(lease).get(timeoutMs, TimeUnit.MILLISECONDS);
        if (granted <= 0) {
          LOG.info("{}: lease {} of candidate {} is gone; campaigning again", scope, lease, candidate);
          lease = 0;
          candidacyRevision = 0;
          fence = Optional.empty();
        } else {
          lastRenewalNanos = System.nanoTime();
        }
      }
      if (lease == 0) {
        lease = node.execute(Command.newBuilder().setLeaseGrant(LeaseGrantCommand.newBuilder()
            .setTtlMs(ttl.toMillis())).build()).get(timeoutMs, TimeUnit.MILLISECONDS).getLeaseGrant().getId();
        lastRenewalNanos = System.nanoTime();
        candidacyRevision = 0;
      }
      if (candidacyRevision == 0) {
        endPreviousLife(timeoutMs);
        // Refused (ALREADY_EXISTS) if this candidate's campaign from before a restart still holds its old
        // lease (its revocation failed): tried again on every refresh until that lease expires.
        candidacyRevision = node.execute(Command.newBuilder().setCampaign(CampaignCommand.newBuilder().setScope(scope)
            .setCandidate(candidate).setLease(lease)).build()).get(timeoutMs, TimeUnit.MILLISECONDS).getCampaign()
            .getKey().getCreateRevision();
      }
      Leadership leadership = node.read(RaftNode.Consistency.LINEARIZABLE, view -> Scopes.leadership(view, scope))
          .get(timeoutMs, TimeUnit.MILLISECONDS);
      boolean leads = leadership.getCandidacyRevision() == candidacyRevision && leadership.getLease() == lease;
      fence = leads ? Optional.of(Fence.newBuilder().setScope(scope).setToken(leadership.getToken()).build())
          : Optional.empty();
      noteProblem(leads ? "" : "another candidacy leads (lease " + leadership.getLease() + "; this one's is " + lease
          + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fence = Optional.empty();
    } catch (Exception e) {
      Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
      fence = Optional.empty();
      noteProblem("refresh failed: " + cause.getMessage());
    }
  }

  /**
   * A candidacy of this candidate on another lease is this member's previous life (a candidate id is
   * the member's id, and one process at a time runs a member: it holds the member's data): after a crash
   * it would hold the office until its lease expires — a full TTL after the restart, since a new
   * leader gives every lease its whole TTL again. Its lease is revoked instead, ending that candidacy at
   * once; the dead life's fence can no longer be used (its token is superseded by this campaign's).
   */
  private void endPreviousLife(long timeoutMs) throws Exception {
    for (var c : node.read(RaftNode.Consistency.LINEARIZABLE, view -> Scopes.candidacies(view, scope))
        .get(timeoutMs, TimeUnit.MILLISECONDS)) {
      if (c.getCandidate().equals(candidate) && c.getLease() != lease) {
        LOG.info("{}: candidate {} campaigns on lease {} from before a restart; revoking it", scope, candidate,
            c.getLease());
        node.execute(Command.newBuilder().setLeaseRevoke(LeaseRevokeCommand.newBuilder().setId(c.getLease())).build())
            .get(timeoutMs, TimeUnit.MILLISECONDS);
      }
    }
  }

  /** Keeps {@code now} as the problem, logging it when it changes (not on every refresh). */
  private void noteProblem(String now) {
    if (!now.equals(problem)) {
      if (now.isEmpty()) {
        LOG.info("{}: candidate {} leads", scope, candidate);
      } else {
        LOG.info("{}: candidate {} does not lead: {}", scope, candidate, now);
      }
      problem = now;
    }
  }

  /** Why the candidacy does not lead, as of the last refresh; "" while it leads. */
  public String problem() {
    return problem;
  }

  /** The fence of this candidacy's leadership as of the last refresh; empty while it does not lead. */
  public Optional<Fence> fence() {
    return fence;
  }

  /** Gives the office up at once: revokes the lease, which ends the candidacy. Best effort. */
  @Override
  public void close() {
    fence = Optional.empty();
    if (lease == 0) {
      return;
    }
    try {
      node.execute(Command.newBuilder().setLeaseRevoke(LeaseRevokeCommand.newBuilder().setId(lease)).build())
          .get(node.config().requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.debug("{}: revoking lease {} failed: {}", scope, lease, e.toString());
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
    lease = 0;
  }
}
