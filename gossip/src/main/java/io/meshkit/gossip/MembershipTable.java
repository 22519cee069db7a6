package io.meshkit.gossip;

import io.meshkit.proto.gossip.v1.Alive;
import io.meshkit.proto.gossip.v1.Dead;
import io.meshkit.proto.gossip.v1.MemberRecord;
import io.meshkit.proto.gossip.v1.Metadata;
import io.meshkit.proto.gossip.v1.Status;
import io.meshkit.proto.gossip.v1.Suspect;
import io.meshkit.proto.gossip.v1.Update;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node's view of the membership and the SWIM rules that change it. An update about a member
 * wins by incarnation: alive(i) overrides suspect(j) and dead(j) only when i &gt; j; suspect(i)
 * overrides alive(j) when i &ge; j; dead(i) overrides alive or suspect(j) when i &ge; j. A node
 * told it is suspect or dead refutes with a higher incarnation (unless it is leaving). Every
 * accepted change is re-broadcast and reported to the listener. Single-threaded.
 */
final class MembershipTable {
  private final GossipConfig config;
  private final String selfId;
  private final String selfAddress;
  private final MembershipListener listener;
  private final BroadcastQueue broadcasts;
  private final Map<String, Member> members = new LinkedHashMap<>();
  private final Map<String, Suspicion> suspicions = new HashMap<>();
  /** Members this node suspected whose suspicion is still open: a refutation makes it a false positive. */
  private final Set<String> raisedBySelf = new HashSet<>();
  private long incarnation;
  private long metadataVersion;
  private Map<String, String> metadata = Map.of();
  private boolean leaving;
  private long suspicionsRaised;
  private long suspicionsRefuted;
  private long refutations;
  /** Lifeguard: raised when this node itself is suspected (see {@link SwimProtocol}). */
  private int refutedSinceLastRead;

  MembershipTable(GossipConfig config, String selfId, String selfAddress, MembershipListener listener) {
    this.config = config;
    this.selfId = selfId;
    this.selfAddress = selfAddress;
    this.listener = listener;
    this.broadcasts = new BroadcastQueue(config.retransmitMultiplier());
    broadcasts.add(selfId, selfAlive());
  }

  String selfId() {
    return selfId;
  }

  BroadcastQueue broadcasts() {
    return broadcasts;
  }

  /** Members and self that are alive or suspect: n in SWIM's formulas. */
  int liveCount() {
    return 1 + (int) members.values().stream().filter(Member::reachable).count();
  }

  Member member(String id) {
    return members.get(id);
  }

  /** Other members that are alive or suspect, in insertion order. */
  List<Member> reachable() {
    return members.values().stream().filter(Member::reachable).toList();
  }

  void setMetadata(Map<String, String> entries) {
    int size = Metadata.newBuilder().putAllEntries(entries).build().getSerializedSize();
    if (size > config.maxMetadataBytes()) {
      throw new IllegalArgumentException("gossip metadata is " + size + " bytes, above the limit of "
          + config.maxMetadataBytes() + ": keep it to small facts (zone, role, endpoint, load) and put the rest "
          + "in the registry");
    }
    metadata = Map.copyOf(entries);
    metadataVersion++;
    incarnation++;
    broadcasts.add(selfId, selfAlive());
  }

  void leave() {
    leaving = true;
    broadcasts.add(selfId, Update.newBuilder().setDead(Dead.newBuilder().setId(selfId).setIncarnation(incarnation)
        .setFrom(selfId)).build());
  }

  boolean leaving() {
    return leaving;
  }

  Update selfAlive() {
    return Update.newBuilder().setAlive(Alive.newBuilder().setId(selfId).setIncarnation(incarnation)
        .setAddress(selfAddress).setMetadata(Metadata.newBuilder().setVersion(metadataVersion)
            .putAllEntries(metadata))).build();
  }

  void apply(Update update, long now) {
    switch (update.getKindCase()) {
      case ALIVE -> alive(update.getAlive(), now);
      case SUSPECT -> suspect(update.getSuspect(), now);
      case DEAD -> dead(update.getDead(), now);
      case KIND_NOT_SET -> { }
    }
  }

  /**
   * This node's probe of {@code id} failed: it suspects the member, or — when the member is already
   * suspect — confirms the suspicion as one more independent voice, which shortens it (Lifeguard).
   * Counting only the members that probed before they heard the gossip left most suspicions at
   * their longest.
   */
  void suspectFromSelf(String id, long now) {
    Member m = members.get(id);
    if (m == null || !m.reachable()) {
      return;
    }
    if (m.status == MemberStatus.ALIVE) {
      suspicionsRaised++;
      raisedBySelf.add(id);
    }
    suspect(Suspect.newBuilder().setId(id).setIncarnation(m.incarnation).setFrom(selfId).build(), now);
  }

  private void alive(Alive a, long now) {
    if (a.getId().equals(selfId)) {
      if (a.getIncarnation() > incarnation && !leaving) {
        refute(a.getIncarnation());  // an older life of this node is gossiped with a higher incarnation
      }
      return;
    }
    Member m = members.get(a.getId());
    if (m == null) {
      m = new Member(a.getId(), a.getAddress(), a.getIncarnation(), now);
      m.metadata = Map.copyOf(a.getMetadata().getEntriesMap());
      m.metadataVersion = a.getMetadata().getVersion();
      members.put(m.id, m);
      broadcasts.add(m.id, Update.newBuilder().setAlive(a).build());
      listener.changed(null, m.view());
      return;
    }
    if (a.getIncarnation() <= m.incarnation) {
      return;
    }
    MemberView before = m.view();
    if (m.status == MemberStatus.SUSPECT && raisedBySelf.remove(m.id)) {
      suspicionsRefuted++;
    }
    setStatus(m, MemberStatus.ALIVE, now);
    m.incarnation = a.getIncarnation();
    m.address = a.getAddress();
    if (a.getMetadata().getVersion() > m.metadataVersion) {
      m.metadata = Map.copyOf(a.getMetadata().getEntriesMap());
      m.metadataVersion = a.getMetadata().getVersion();
      m.metadataSinceMillis = now;
    }
    suspicions.remove(m.id);
    broadcasts.add(m.id, Update.newBuilder().setAlive(a).build());
    listener.changed(before, m.view());
  }

  private void suspect(Suspect s, long now) {
    if (s.getId().equals(selfId)) {
      if (!leaving) {
        refute(s.getIncarnation());
      }
      return;
    }
    Member m = members.get(s.getId());
    if (m == null || s.getIncarnation() < m.incarnation || !m.reachable()) {
      return;
    }
    if (m.status == MemberStatus.SUSPECT && s.getIncarnation() == m.incarnation) {
      Suspicion open = suspicions.get(m.id);
      if (open != null && open.confirm(s.getFrom())) {
        broadcasts.add(m.id, Update.newBuilder().setSuspect(s).build());
      }
      return;
    }
    MemberView before = m.view();
    m.incarnation = s.getIncarnation();
    setStatus(m, MemberStatus.SUSPECT, now);
    long min = suspicionMinMillis();
    suspicions.put(m.id, new Suspicion(s.getFrom(), now, min, (long) (min * config.suspicionMaxMultiplier()),
        Math.max(1, (int) config.suspicionMultiplier() - 2)));
    broadcasts.add(m.id, Update.newBuilder().setSuspect(s).build());
    listener.changed(before, m.view());
  }

  private void dead(Dead d, long now) {
    if (d.getId().equals(selfId)) {
      if (!leaving) {
        refute(d.getIncarnation());
      }
      return;
    }
    Member m = members.get(d.getId());
    if (m == null || d.getIncarnation() < m.incarnation || !m.reachable()) {
      return;
    }
    MemberView before = m.view();
    m.incarnation = d.getIncarnation();
    setStatus(m, d.getFrom().equals(d.getId()) ? MemberStatus.LEFT : MemberStatus.DEAD, now);
    suspicions.remove(m.id);
    raisedBySelf.remove(m.id);
    broadcasts.add(m.id, Update.newBuilder().setDead(d).build());
    listener.changed(before, m.view());
  }

  private void refute(long accused) {
    incarnation = Math.max(incarnation, accused) + 1;
    refutations++;
    refutedSinceLastRead++;
    broadcasts.add(selfId, selfAlive());
  }

  /** How often this node refuted since the last call (Lifeguard: a suspected node may be the slow one). */
  int takeRefutations() {
    int n = refutedSinceLastRead;
    refutedSinceLastRead = 0;
    return n;
  }

  /** Declares dead every suspect whose suspicion ran out. */
  void expireSuspicions(long now) {
    for (Iterator<Map.Entry<String, Suspicion>> it = suspicions.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Suspicion> e = it.next();
      if (now >= e.getValue().deadlineMillis()) {
        it.remove();
        Member m = members.get(e.getKey());
        raisedBySelf.remove(m.id);
        dead(Dead.newBuilder().setId(m.id).setIncarnation(m.incarnation).setFrom(selfId).build(), now);
      }
    }
  }

  /** Forgets dead and left members after {@code reapAfter}. */
  void reap(long now) {
    members.values().removeIf(m -> !m.reachable() && now - m.statusSinceMillis >= config.reapAfter().toMillis());
  }

  private long suspicionMinMillis() {
    double scale = Math.max(1.0, Math.log10(Math.max(1, liveCount())));
    return (long) (config.suspicionMultiplier() * scale * config.probeInterval().toMillis());
  }

  private static void setStatus(Member m, MemberStatus status, long now) {
    if (m.status != status) {
      m.status = status;
      m.statusSinceMillis = now;
    }
  }

  /** The full state for a sync: self and every member not yet reaped. */
  List<MemberRecord> records() {
    List<MemberRecord> out = new ArrayList<>();
    out.add(MemberRecord.newBuilder().setId(selfId).setAddress(selfAddress)
        .setStatus(leaving ? Status.LEFT : Status.ALIVE).setIncarnation(incarnation)
        .setMetadata(Metadata.newBuilder().setVersion(metadataVersion).putAllEntries(metadata)).build());
    for (Member m : members.values()) {
      out.add(MemberRecord.newBuilder().setId(m.id).setAddress(m.address).setStatus(Status.valueOf(m.status.name()))
          .setIncarnation(m.incarnation)
          .setMetadata(Metadata.newBuilder().setVersion(m.metadataVersion).putAllEntries(m.metadata)).build());
    }
    return out;
  }

  /** Merges a record received in a sync from {@code from}, as the update it stands for. */
  void merge(MemberRecord r, String from, long now) {
    switch (r.getStatus()) {
      case ALIVE -> alive(Alive.newBuilder().setId(r.getId()).setIncarnation(r.getIncarnation())
          .setAddress(r.getAddress()).setMetadata(r.getMetadata()).build(), now);
      case SUSPECT -> {
        if (!members.containsKey(r.getId()) && !r.getId().equals(selfId)) {
          alive(Alive.newBuilder().setId(r.getId()).setIncarnation(r.getIncarnation()).setAddress(r.getAddress())
              .setMetadata(r.getMetadata()).build(), now);
        }
        suspect(Suspect.newBuilder().setId(r.getId()).setIncarnation(r.getIncarnation()).setFrom(from).build(), now);
      }
      case DEAD, LEFT -> dead(Dead.newBuilder().setId(r.getId()).setIncarnation(r.getIncarnation())
          .setFrom(r.getStatus() == Status.LEFT ? r.getId() : from).build(), now);
      case STATUS_UNSPECIFIED, UNRECOGNIZED -> { }
    }
  }

  List<MemberView> views(long now) {
    List<MemberView> out = new ArrayList<>();
    out.add(new MemberView(selfId, selfAddress, leaving ? MemberStatus.LEFT : MemberStatus.ALIVE, incarnation,
        metadata, metadataVersion, 0, 0, 0, 0));
    members.values().forEach(m -> out.add(m.view()));
    return out;
  }

  long suspicionsRaised() {
    return suspicionsRaised;
  }

  long suspicionsRefuted() {
    return suspicionsRefuted;
  }

  long refutations() {
    return refutations;
  }
}
