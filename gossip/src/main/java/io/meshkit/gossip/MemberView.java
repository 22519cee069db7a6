package io.meshkit.gossip;

import java.util.Map;

/**
 * One member as a node sees it, at one moment. {@code rttMillis}/{@code smoothedRttMillis} are -1
 * until this node has probed it; {@code statusSinceMillis} and {@code metadataSinceMillis} (when this
 * node took the current metadata version) are this node's clock.
 */
public record MemberView(String id, String address, MemberStatus status, long incarnation,
    Map<String, String> metadata, long metadataVersion, double rttMillis, double smoothedRttMillis,
    long statusSinceMillis, long metadataSinceMillis) {

  public MemberView {
    metadata = Map.copyOf(metadata);
  }
}
