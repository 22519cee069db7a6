package io.meshkit.cli;

import io.meshkit.proto.v1.ListPeersResponse;
import io.meshkit.proto.v1.Peer;
import io.meshkit.proto.v1.PeerEvent;
import io.meshkit.proto.v1.PeerStatus;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The documents of the {@code peers} commands for {@code -o json|yaml}, with the conventions of
 * {@link Views}: proto field names, nulls left out. Statuses are lower-case ({@code alive},
 * {@code suspect}, {@code dead}, {@code left}); round trips are milliseconds and left out before
 * the first probe (the API's -1), as they always are for the answering member itself.
 */
final class PeerViews {
  /** The metadata key members publish their zone under, shown in its own column. */
  static final String ZONE = "zone";

  private PeerViews() {}

  /** {@code PEER_SUSPECT} → {@code suspect}; an unset or unknown status → {@code unknown}. */
  static String status(PeerStatus status) {
    return switch (status) {
      case PEER_ALIVE -> "alive";
      case PEER_SUSPECT -> "suspect";
      case PEER_DEAD -> "dead";
      case PEER_LEFT -> "left";
      case PEER_STATUS_UNSPECIFIED, UNRECOGNIZED -> "unknown";
    };
  }

  /**
   * One peer as the answering member sees it; {@code status_age_ms} and {@code metadata_age_ms} (since it
   * took the current metadata version) are on that member's clock.
   */
  record PeerInfo(String id, String address, String status, long incarnation, Double rttMs, Double smoothedRttMs,
      Map<String, String> metadata, long metadataVersion, long statusAgeMs, long metadataAgeMs) {
    static PeerInfo of(Peer p) {
      return new PeerInfo(p.getId(), p.getAddress(), PeerViews.status(p.getStatus()), p.getIncarnation(), probed(p.getRttMs()),
          probed(p.getSmoothedRttMs()), new TreeMap<>(p.getMetadataMap()), p.getMetadataVersion(), p.getStatusAgeMs(),
          p.getMetadataAgeMs());
    }

    /** The {@code zone} metadata, or null. */
    String zone() {
      return metadata.get(ZONE);
    }
  }

  /** {@code peers list}: {@code member_id}'s view, the member itself first. */
  record PeerList(String memberId, List<PeerInfo> peers) {
    static PeerList of(ListPeersResponse r) {
      return new PeerList(r.getMemberId(), r.getPeersList().stream().map(PeerInfo::of).toList());
    }
  }

  /** One line of {@code peers watch}: a peer as first reported ({@code before} null) or a change. */
  record PeerChange(PeerInfo before, PeerInfo after) {
    static PeerChange of(PeerEvent e) {
      return new PeerChange(e.hasBefore() ? PeerInfo.of(e.getBefore()) : null, PeerInfo.of(e.getAfter()));
    }
  }

  /** A round trip, or null for the API's "not probed yet" (negative). */
  private static Double probed(double ms) {
    return ms < 0 ? null : ms;
  }
}
