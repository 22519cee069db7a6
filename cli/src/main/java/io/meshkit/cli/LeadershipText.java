package io.meshkit.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;

/**
 * The table-mode text of the {@code lease} and {@code leaders} commands: one sentence for a single
 * result, aligned columns for lists, one line per streamed change. Durations print as seconds
 * ({@code 10s}, {@code 8.734s}) or milliseconds below one second ({@code 500ms}).
 */
final class LeadershipText {
  private LeadershipText() {}

  /** {@code 10s}, {@code 8.734s}, {@code 500ms}; negative (gone) prints as {@code expired}. */
  static String duration(long ms) {
    if (ms < 0) {
      return "expired";
    }
    if (ms < 1000) {
      return ms + "ms";
    }
    return BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + "s";
  }

  static void grant(PrintWriter out, LeadershipViews.LeaseGrant grant) {
    out.println("lease " + grant.id() + " granted, TTL " + duration(grant.ttlMs()));
  }

  static void revoke(PrintWriter out, LeadershipViews.LeaseRevoke revoke) {
    out.println("lease " + revoke.id() + " revoked; " + revoke.detached() + " attached key(s) and candidacies "
        + "deleted with it");
  }

  static void keepAlive(PrintWriter out, LeadershipViews.KeepAlive keepAlive) {
    out.println("lease " + keepAlive.id() + " kept alive, TTL " + duration(keepAlive.ttlMs()));
  }

  /** The summary line, then with --keys one attached key per line. */
  static void ttl(PrintWriter out, LeadershipViews.LeaseTtl ttl) {
    StringBuilder line = new StringBuilder("lease ").append(ttl.id()).append(": ").append(duration(ttl.ttlMs()))
        .append(" remaining of ").append(duration(ttl.grantedTtlMs()));
    if (ttl.keys() != null) {
      line.append(", ").append(ttl.keys().size()).append(" attached key(s)");
    }
    out.println(line);
    if (ttl.keys() != null) {
      ttl.keys().forEach(k -> out.println(k.display()));
    }
  }

  static void leases(PrintWriter out, LeadershipViews.LeaseList list) {
    TextTable table = new TextTable("ID", "TTL", "GRANTED AT");
    list.leases().forEach(l -> table.row(l.id(), duration(l.grantedTtlMs()), "revision " + l.grantedRevision()));
    table.print(out);
  }

  static void scopes(PrintWriter out, LeadershipViews.ScopeList list) {
    TextTable table = new TextTable("SCOPE", "LEADER", "TOKEN", "LEASE", "VALUE");
    list.scopes().forEach(s -> table.row(s.scope(), s.candidate(), s.token(), s.lease(), s.valueText().display()));
    table.print(out);
  }

  /**
   * The candidates in order of succession, the leader first and marked {@code *} with its token and
   * value; a vacant scope prints {@code SCOPE has no leader}.
   */
  static void leader(PrintWriter out, LeadershipViews.LeaderDetail detail) {
    LeadershipViews.Leader leader = detail.leadership();
    if (leader.vacant()) {
      out.println(leader.scope() + " has no leader");
      return;
    }
    TextTable table = new TextTable("CANDIDATE", "LEASE", "REVISION", "LEADER", "TOKEN", "VALUE");
    for (LeadershipViews.Candidate c : detail.candidates()) {
      if (c.createRevision() == leader.candidacyRevision()) {
        table.row(c.candidate(), c.lease(), c.createRevision(), "*", leader.token(), leader.valueText().display());
      } else {
        table.row(c.candidate(), c.lease(), c.createRevision());
      }
    }
    table.print(out);
  }

  /** {@code SCOPE: CANDIDATE leads, token N, lease L[, value V]}, or {@code SCOPE: no leader}. */
  static String leadership(LeadershipViews.Leader leader) {
    if (leader.vacant()) {
      return leader.scope() + ": no leader";
    }
    String text = leader.scope() + ": " + leader.candidate() + " leads, token " + leader.token() + ", lease "
        + leader.lease();
    return leader.value() == null || leader.value().isEmpty() ? text
        : text + ", value " + leader.valueText().display();
  }

  static void change(PrintWriter out, LeadershipViews.LeadershipChange change) {
    out.println("[rev " + change.revision() + "] " + leadership(change.leadership()));
  }

  /** {@code elected SCOPE as CANDIDATE, token N}, or {@code not elected: SCOPE: ... leads ...}. */
  static void campaign(PrintWriter out, LeadershipViews.Campaign campaign) {
    if (campaign.elected()) {
      out.println("elected " + campaign.scope() + " as " + campaign.candidate() + ", token " + campaign.token());
    } else {
      out.println("not elected: " + leadership(campaign.leader()));
    }
  }

  static void resignation(PrintWriter out, LeadershipViews.Resignation resignation) {
    out.println(resignation.resigned().candidate() + " resigned; " + leadership(resignation.leadership()));
  }
}
