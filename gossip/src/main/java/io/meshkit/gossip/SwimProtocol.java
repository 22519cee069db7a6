package io.meshkit.gossip;

import io.meshkit.proto.gossip.v1.Ack;
import io.meshkit.proto.gossip.v1.Envelope;
import io.meshkit.proto.gossip.v1.Gossip;
import io.meshkit.proto.gossip.v1.Nack;
import io.meshkit.proto.gossip.v1.Ping;
import io.meshkit.proto.gossip.v1.PingReq;
import io.meshkit.proto.gossip.v1.Suspect;
import io.meshkit.proto.gossip.v1.Sync;
import io.meshkit.proto.gossip.v1.Update;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * SWIM failure detection with Lifeguard, as a deterministic state machine: time comes in as
 * arguments ({@link #tick}, {@link #receive}), messages go out through a {@link Transport}, and
 * randomness from the given {@link Random} — so tests drive it with a simulated clock and network.
 *
 * <p>Each protocol period probes one member, round-robin over a shuffled list: a ping; no ack
 * within the probe timeout → ping-reqs through k others; still none by the end of the period → the
 * member is suspected (see {@link MembershipTable} for the update rules and {@link Suspicion} for
 * the timer). Updates ride on every message and on periodic pushes to a few random members; a
 * periodic full-state sync repairs what piggy-backing missed.
 *
 * <p>A ping to a suspect carries the suspicion (Lifeguard's buddy system), so it can refute at once.
 *
 * <p>Local health (Lifeguard): a failed probe without the helpers' nacks, and being suspected
 * oneself, raise an awareness score; a successful probe lowers it. Probe interval and timeout are
 * multiplied by (score + 1), so a node that is itself slow waits longer instead of accusing others.
 *
 * <p>Not thread-safe: one thread calls {@link #tick}, {@link #receive} and the rest.
 */
public final class SwimProtocol {
  private static final int MAX_UPDATES_PER_MESSAGE = 8;

  private final GossipConfig config;
  private final String cluster;
  private final String selfId;
  private final String selfAddress;
  private final Transport transport;
  private final Random random;
  private final MembershipTable table;
  private final Map<Long, Probe> probes = new HashMap<>();
  private final Map<Long, Relay> relays = new HashMap<>();
  private final List<String> probeOrder = new ArrayList<>();
  private int probeIndex;
  private List<String> seeds = List.of();
  private long nextSeq = 1;
  private long nextProbeAt;
  private long nextGossipAt;
  private long nextSyncAt;
  private int awareness;
  private long sent;
  private long received;
  private long refusedForeign;
  private java.util.function.DoubleConsumer rttObserver = rtt -> { };

  /** A probe this node runs. */
  private static final class Probe {
    final String target;
    final long sentAt;
    final long timeoutAt;
    final long periodEndAt;
    boolean indirectSent;
    int expectedNacks;
    int nacks;

    Probe(String target, long sentAt, long timeoutAt, long periodEndAt) {
      this.target = target;
      this.sentAt = sentAt;
      this.timeoutAt = timeoutAt;
      this.periodEndAt = periodEndAt;
    }
  }

  /** A ping sent on another member's behalf (ping-req): its ack is relayed, its silence nacked. */
  private record Relay(String originAddress, long originSeq, long deadline) {}

  public SwimProtocol(GossipConfig config, String cluster, String selfId, String selfAddress, Transport transport,
      Random random, MembershipListener listener) {
    this.config = config;
    this.cluster = cluster;
    this.selfId = selfId;
    this.selfAddress = selfAddress;
    this.transport = transport;
    this.random = random;
    this.table = new MembershipTable(config, selfId, selfAddress, listener);
  }

  /**
   * Starts at {@code now}: a full-state sync with every seed address (not this node's own), repeated
   * every protocol period for as long as this node knows no other member — a seed that was not up
   * yet, or a lost datagram, must not leave it alone for good.
   */
  public void start(List<String> seeds, long now) {
    this.seeds = seeds.stream().filter(seed -> !seed.equals(selfAddress)).toList();
    joinThroughSeeds();
    nextProbeAt = now + config.probeInterval().toMillis();
    nextGossipAt = now + config.gossipInterval().toMillis();
    nextSyncAt = now + config.syncInterval().toMillis();
  }

  /** Runs whatever is due at {@code now}: probes and their timeouts, suspicion expiry, pushes, sync, reaping. */
  public void tick(long now) {
    expireProbes(now);
    expireRelays(now);
    table.expireSuspicions(now);
    awareness = Math.min(config.maxAwareness(), awareness + table.takeRefutations());
    if (now >= nextProbeAt) {
      if (table.reachable().isEmpty()) {
        joinThroughSeeds();
      }
      probeNext(now);
      nextProbeAt = now + scaled(config.probeInterval().toMillis());
    }
    if (now >= nextGossipAt) {
      pushUpdates();
      nextGossipAt = now + config.gossipInterval().toMillis();
    }
    if (now >= nextSyncAt) {
      List<Member> peers = table.reachable();
      if (!peers.isEmpty()) {
        send(peers.get(random.nextInt(peers.size())).address,
            envelope().setSync(Sync.newBuilder().addAllMembers(table.records())));
      }
      nextSyncAt = now + config.syncInterval().toMillis();
    }
    table.reap(now);
  }

  private void joinThroughSeeds() {
    for (String seed : seeds) {
      send(seed, envelope().setSync(Sync.newBuilder().addAllMembers(table.records())));
    }
  }

  /** Handles one datagram. Messages of another cluster are dropped (and counted). */
  public void receive(Envelope envelope, long now) {
    if (!envelope.getCluster().equals(cluster)) {
      refusedForeign++;
      return;
    }
    received++;
    for (Update update : envelope.getUpdatesList()) {
      table.apply(update, now);
    }
    String from = envelope.getFromAddress();
    switch (envelope.getBodyCase()) {
      case PING -> {
        if (envelope.getPing().getTargetId().equals(selfId)) {
          send(from, envelope().setAck(Ack.newBuilder().setSeq(envelope.getPing().getSeq())));
        }
      }
      case PING_REQ -> {
        PingReq req = envelope.getPingReq();
        long seq = nextSeq++;
        relays.put(seq, new Relay(from, req.getSeq(), now + scaled(config.probeTimeout().toMillis())));
        Member target = table.member(req.getTargetId());
        Envelope.Builder ping = envelope().setPing(Ping.newBuilder().setSeq(seq).setTargetId(req.getTargetId()));
        send(req.getTargetAddress(), target == null ? ping : buddy(target, ping));
      }
      case ACK -> acked(envelope.getAck().getSeq(), now);
      case NACK -> {
        Probe probe = probes.get(envelope.getNack().getSeq());
        if (probe != null) {
          probe.nacks++;
        }
      }
      case SYNC -> {
        envelope.getSync().getMembersList().forEach(r -> table.merge(r, envelope.getFromId(), now));
        if (!envelope.getSync().getReply()) {
          send(from, envelope().setSync(Sync.newBuilder().addAllMembers(table.records()).setReply(true)));
        }
      }
      case GOSSIP, BODY_NOT_SET -> { }
    }
  }

  /** Replaces this node's metadata (version and incarnation + 1, gossiped). */
  public void setMetadata(Map<String, String> metadata) {
    table.setMetadata(metadata);
  }

  /** Announces a graceful leave to a few members now; keep ticking briefly so it spreads. */
  public void leave() {
    table.leave();
    pushUpdates();
  }

  public List<MemberView> members(long now) {
    return table.views(now);
  }

  /** Told the round trip (ms) of every directly acked probe, for an RTT histogram. */
  public void onRtt(java.util.function.DoubleConsumer observer) {
    this.rttObserver = observer;
  }

  public int awareness() {
    return awareness;
  }

  public GossipStats stats() {
    return new GossipStats(sent, received, table.suspicionsRaised(), table.suspicionsRefuted(), table.refutations(),
        refusedForeign);
  }

  private void probeNext(long now) {
    Member target = nextTarget();
    if (target == null) {
      return;
    }
    long seq = nextSeq++;
    long timeout = scaled(config.probeTimeout().toMillis());
    probes.put(seq, new Probe(target.id, now, now + timeout, now + scaled(config.probeInterval().toMillis())));
    send(target.address, buddy(target, envelope().setPing(Ping.newBuilder().setSeq(seq).setTargetId(target.id))));
  }

  /**
   * Lifeguard's buddy system: a ping to a member this node suspects carries the suspicion itself, so
   * the suspect learns of it — and refutes — at once, instead of waiting for the update to reach it
   * among the piggy-backed ones (whose retransmits may all have gone elsewhere).
   */
  private static Envelope.Builder buddy(Member target, Envelope.Builder envelope) {
    if (target.status == MemberStatus.SUSPECT) {
      envelope.addUpdates(Update.newBuilder().setSuspect(Suspect.newBuilder().setId(target.id)
          .setIncarnation(target.incarnation).setFrom(envelope.getFromId())));
    }
    return envelope;
  }

  /** Round-robin over a shuffled list of reachable members, reshuffled after each round. */
  private Member nextTarget() {
    for (int attempts = 0; attempts < 2; attempts++) {
      while (probeIndex < probeOrder.size()) {
        Member m = table.member(probeOrder.get(probeIndex++));
        if (m != null && m.reachable()) {
          return m;
        }
      }
      probeOrder.clear();
      table.reachable().forEach(m -> probeOrder.add(m.id));
      Collections.shuffle(probeOrder, random);
      probeIndex = 0;
    }
    return null;
  }

  private void acked(long seq, long now) {
    Probe probe = probes.remove(seq);
    if (probe != null) {
      Member m = table.member(probe.target);
      if (m != null && !probe.indirectSent) {
        m.recordRtt(now - probe.sentAt);
        rttObserver.accept(now - probe.sentAt);
      }
      awareness = Math.max(0, awareness - 1);
      return;
    }
    Relay relay = relays.remove(seq);
    if (relay != null) {
      send(relay.originAddress(), envelope().setAck(Ack.newBuilder().setSeq(relay.originSeq())));
    }
  }

  private void expireProbes(long now) {
    for (Iterator<Map.Entry<Long, Probe>> it = probes.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Probe> e = it.next();
      Probe probe = e.getValue();
      if (!probe.indirectSent && now >= probe.timeoutAt) {
        probe.indirectSent = true;
        sendIndirect(e.getKey(), probe);
      }
      if (now >= probe.periodEndAt) {
        it.remove();
        // Lifeguard: helpers that did not even nack suggest the problem is on this side.
        int missing = probe.expectedNacks == 0 ? 1 : probe.expectedNacks - probe.nacks;
        awareness = Math.min(config.maxAwareness(), awareness + Math.max(0, missing));
        table.suspectFromSelf(probe.target, now);
      }
    }
  }

  private void sendIndirect(long seq, Probe probe) {
    Member target = table.member(probe.target);
    if (target == null) {
      return;
    }
    List<Member> helpers = new ArrayList<>(table.reachable());
    helpers.removeIf(m -> m.id.equals(probe.target) || m.status != MemberStatus.ALIVE);
    Collections.shuffle(helpers, random);
    for (Member helper : helpers.subList(0, Math.min(config.indirectProbes(), helpers.size()))) {
      probe.expectedNacks++;
      send(helper.address, envelope().setPingReq(PingReq.newBuilder().setSeq(seq).setTargetId(target.id)
          .setTargetAddress(target.address)));
    }
  }

  private void expireRelays(long now) {
    for (Iterator<Map.Entry<Long, Relay>> it = relays.entrySet().iterator(); it.hasNext(); ) {
      Relay relay = it.next().getValue();
      if (now >= relay.deadline()) {
        it.remove();
        send(relay.originAddress(), envelope().setNack(Nack.newBuilder().setSeq(relay.originSeq())));
      }
    }
  }

  /** Pushes pending updates to {@code gossipFanout} random reachable members. */
  private void pushUpdates() {
    if (table.broadcasts().isEmpty()) {
      return;
    }
    List<Member> peers = new ArrayList<>(table.reachable());
    Collections.shuffle(peers, random);
    for (Member peer : peers.subList(0, Math.min(config.gossipFanout(), peers.size()))) {
      send(peer.address, envelope().setGossip(Gossip.getDefaultInstance()));
    }
  }

  private long scaled(long millis) {
    return millis * (awareness + 1);
  }

  private Envelope.Builder envelope() {
    return Envelope.newBuilder().setCluster(cluster).setFromId(selfId).setFromAddress(selfAddress);
  }

  private void send(String address, Envelope.Builder envelope) {
    envelope.addAllUpdates(table.broadcasts().take(MAX_UPDATES_PER_MESSAGE, table.liveCount()));
    sent++;
    transport.send(address, envelope.build());
  }
}
