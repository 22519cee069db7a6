package io.meshkit.gossip;

import java.util.Map;

/** What one node knows of another: mutable, owned by {@link SwimProtocol}'s thread. */
final class Member {
  final String id;
  String address;
  MemberStatus status = MemberStatus.ALIVE;
  long incarnation;
  long metadataVersion;
  Map<String, String> metadata = Map.of();
  double rttMillis = -1;
  double smoothedRttMillis = -1;
  long statusSinceMillis;
  /** When this node last took a new metadata version of the member (its clock). */
  long metadataSinceMillis;

  Member(String id, String address, long incarnation, long nowMillis) {
    this.id = id;
    this.address = address;
    this.incarnation = incarnation;
    this.statusSinceMillis = nowMillis;
    this.metadataSinceMillis = nowMillis;
  }

  boolean reachable() {
    return status == MemberStatus.ALIVE || status == MemberStatus.SUSPECT;
  }

  void recordRtt(double millis) {
    rttMillis = millis;
    smoothedRttMillis = smoothedRttMillis < 0 ? millis : 0.8 * smoothedRttMillis + 0.2 * millis;
  }

  MemberView view() {
    return new MemberView(id, address, status, incarnation, metadata, metadataVersion, rttMillis, smoothedRttMillis,
        statusSinceMillis, metadataSinceMillis);
  }
}
