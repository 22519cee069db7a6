package io.meshkit.server;

import io.meshkit.client.MeshkitClient;
import io.meshkit.proto.v1.CampaignRequest;
import io.meshkit.proto.v1.CampaignResponse;
import java.time.Duration;

/**
 * The election check: grants a short lease, campaigns on the canary scope with it, expects to be
 * elected with a fencing token above the one of its previous round, resigns and revokes the lease.
 *
 * <p>Only this prober campaigns on its scope, so it is elected at once; a candidacy left behind by a
 * round that failed half-way (or by a prober that crashed) ends with its lease, after {@code leaseTtl}.
 * Not thread-safe: one round at a time.
 */
final class ElectionCanary implements ProbeCheck {
  private final MeshkitClient client;
  private final String scope;
  private final String candidate;
  private final Duration campaignWait;
  private final Duration leaseTtl;
  /** The token of the last election this prober won; 0 before its first. */
  private long lastToken;

  ElectionCanary(MeshkitClient client, String scope, String candidate, Duration campaignWait) {
    this.client = client;
    this.scope = scope;
    this.candidate = candidate;
    this.campaignWait = campaignWait;
    // Long enough to outlive the campaign; short enough that a stranded candidacy ends soon.
    this.leaseTtl = campaignWait.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0
        ? campaignWait.multipliedBy(2) : Duration.ofSeconds(10);
  }

  @Override
  public String name() {
    return "election";
  }

  @Override
  public void run() throws ProbeFailure {
    long lease;
    try {
      lease = client.grantLease(leaseTtl).getId();
    } catch (RuntimeException e) {
      throw ProbeFailure.of("lease grant", e);
    }
    try {
      CampaignResponse won;
      try {
        won = client.campaign(CampaignRequest.newBuilder().setScope(scope).setCandidate(candidate).setLease(lease)
            .build(), campaignWait);
      } catch (RuntimeException e) {
        throw ProbeFailure.of("campaign on " + scope, e);
      }
      if (!won.getElected()) {
        throw new ProbeFailure("not_elected", "campaign on " + scope + " returned without electing " + candidate);
      }
      if (won.getToken() <= lastToken) {
        throw new ProbeFailure("token_not_increasing", "elected on " + scope + " with fencing token "
            + won.getToken() + ", not above the previous round's " + lastToken);
      }
      lastToken = won.getToken();
      try {
        client.resign(won.getKey());
      } catch (RuntimeException e) {
        throw ProbeFailure.of("resign from " + scope, e);
      }
    } finally {
      try {
        client.revokeLease(lease);
      } catch (RuntimeException e) {
        // It expires after leaseTtl; the check's verdict is already decided.
      }
    }
  }
}
