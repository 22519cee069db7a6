package io.meshkit.cli;

import com.google.protobuf.ByteString;
import io.meshkit.proto.v1.CandidacyKey;
import io.meshkit.proto.v1.LeaderResponse;
import io.meshkit.proto.v1.Leadership;
import io.meshkit.proto.v1.LeadershipEvent;
import io.meshkit.proto.v1.LeaseGrantResponse;
import io.meshkit.proto.v1.LeaseListResponse;
import io.meshkit.proto.v1.LeaseTimeToLiveResponse;
import io.meshkit.proto.v1.ListScopesResponse;
import java.util.List;

/**
 * The documents of the {@code lease} and {@code leaders} commands for {@code -o json|yaml}, with the
 * conventions of {@link Views}: proto field names, nulls left out, bytes as UTF-8 text or base64
 * with an {@code *_encoding} field. Durations are milliseconds ({@code ttl_ms}), as in the API.
 */
final class LeadershipViews {
  private LeadershipViews() {}

  // --- Leases ---

  /** A granted lease: what {@code lease grant} prints. */
  record LeaseGrant(Views.Header header, long id, long ttlMs) {
    static LeaseGrant of(LeaseGrantResponse r) {
      return new LeaseGrant(Views.Header.of(r.getHeader()), r.getId(), r.getTtlMs());
    }
  }

  /** {@code detached}: how many keys and candidacies were deleted with the lease. */
  record LeaseRevoke(Views.Header header, long id, long detached) {}

  /** One acknowledged keepalive: the lease lives at least {@code ttl_ms} from when it was sent. */
  record KeepAlive(long id, long ttlMs) {}

  /** A key attached to a lease. */
  record AttachedKey(String key, String keyEncoding) {
    static AttachedKey of(ByteString key) {
      Views.Text text = Views.Text.of(key);
      return new AttachedKey(text.text(), text.encoding());
    }

    String display() {
      return new Views.Text(key, keyEncoding).display();
    }
  }

  /** {@code keys} is null unless asked for; it lists KV keys only, not candidacies. */
  record LeaseTtl(Views.Header header, long id, long ttlMs, long grantedTtlMs, List<AttachedKey> keys) {
    static LeaseTtl of(LeaseTimeToLiveResponse r, boolean withKeys) {
      return new LeaseTtl(Views.Header.of(r.getHeader()), r.getId(), r.getTtlMs(), r.getGrantedTtlMs(),
          withKeys ? r.getKeysList().stream().map(AttachedKey::of).toList() : null);
    }
  }

  record LeaseEntry(long id, long grantedTtlMs, long grantedRevision) {}

  record LeaseList(Views.Header header, List<LeaseEntry> leases) {
    static LeaseList of(LeaseListResponse r) {
      return new LeaseList(Views.Header.of(r.getHeader()), r.getLeasesList().stream()
          .map(l -> new LeaseEntry(l.getId(), l.getGrantedTtlMs(), l.getGrantedRevision())).toList());
    }
  }

  // --- Elections ---

  /**
   * A scope's leadership: {@code candidate} leads since {@code token} (the fencing token), campaigning
   * with {@code lease} since {@code candidacy_revision}. A vacant scope has only {@code scope}.
   */
  record Leader(String scope, String candidate, Long lease, String value, String valueEncoding, Long token,
      Long candidacyRevision) {
    static Leader of(Leadership l) {
      if (l.getCandidate().isEmpty()) {
        return new Leader(l.getScope(), null, null, null, null, null, null);
      }
      Views.Text value = Views.Text.of(l.getValue());
      return new Leader(l.getScope(), l.getCandidate(), l.getLease(), value.text(), value.encoding(), l.getToken(),
          l.getCandidacyRevision());
    }

    boolean vacant() {
      return candidate == null;
    }

    Views.Text valueText() {
      return new Views.Text(value, valueEncoding);
    }
  }

  /** One candidacy: what identifies it for {@code leaders resign}. */
  record Candidate(String candidate, long lease, long createRevision) {
    static Candidate of(CandidacyKey k) {
      return new Candidate(k.getCandidate(), k.getLease(), k.getCreateRevision());
    }
  }

  /** {@code leaders get}: the leadership and the live candidacies in order of succession. */
  record LeaderDetail(Views.Header header, Leader leadership, List<Candidate> candidates) {
    static LeaderDetail of(LeaderResponse r) {
      return new LeaderDetail(Views.Header.of(r.getHeader()), Leader.of(r.getLeadership()),
          r.getCandidatesList().stream().map(Candidate::of).toList());
    }
  }

  /** {@code leaders list}: every scope that has a leader. */
  record ScopeList(Views.Header header, List<Leader> scopes) {
    static ScopeList of(ListScopesResponse r) {
      return new ScopeList(Views.Header.of(r.getHeader()), r.getScopesList().stream().map(Leader::of).toList());
    }
  }

  /** One line of {@code leaders watch}: the leadership of a scope from {@code revision} on. */
  record LeadershipChange(long revision, Leader leadership) {
    static LeadershipChange of(LeadershipEvent e) {
      return new LeadershipChange(e.getRevision(), Leader.of(e.getLeadership()));
    }
  }

  /**
   * The outcome of {@code leaders campaign}: elected with {@code token}, or (with --no-wait) not
   * elected, with the scope's current {@code leader}.
   */
  record Campaign(String scope, String candidate, long lease, long createRevision, boolean elected, Long token,
      Leader leader) {
    static Campaign elected(CandidacyKey key, long token) {
      return new Campaign(key.getScope(), key.getCandidate(), key.getLease(), key.getCreateRevision(), true, token,
          null);
    }

    static Campaign notElected(CandidacyKey key, Leadership leader) {
      return new Campaign(key.getScope(), key.getCandidate(), key.getLease(), key.getCreateRevision(), false, null,
          Leader.of(leader));
    }
  }

  /** {@code leaders resign}: the withdrawn candidacy and the scope's leadership after it. */
  record Resignation(Views.Header header, Candidate resigned, Leader leadership) {}
}
