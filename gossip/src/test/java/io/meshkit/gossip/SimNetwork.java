package io.meshkit.gossip;

import io.meshkit.proto.gossip.v1.Envelope;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A simulated network and clock for {@link SwimProtocol} nodes: datagrams are delivered after a
 * delay (base + jitter, plus a per-node extra for slow nodes), lost with a probability, or dropped
 * by a partition; a paused node neither ticks nor receives (its datagrams are lost, as a full socket
 * buffer would lose them). Everything is driven by one seeded random: a run is reproducible.
 */
final class SimNetwork {
  static final long TICK_MS = 10;

  private final GossipConfig config;
  private final Random random;
  private final Map<String, SwimProtocol> nodes = new LinkedHashMap<>();
  private final PriorityQueue<Delivery> inFlight = new PriorityQueue<>((a, b) -> a.at != b.at
      ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
  private final Set<String> cut = new HashSet<>();
  private final Set<String> paused = new HashSet<>();
  private final Map<String, Long> extraDelay = new LinkedHashMap<>();
  private final Map<String, Double> inboundLoss = new LinkedHashMap<>();
  private final List<String> events = new ArrayList<>();
  private double loss;
  private long baseDelayMs = 1;
  private long jitterMs = 2;
  private long now;
  private long order;

  private record Delivery(long at, long order, String to, Envelope envelope) {}

  SimNetwork(GossipConfig config, long seed) {
    this.config = config;
    this.random = new Random(seed);
  }

  /** Adds node {@code id} (its address is its id) joining through {@code seeds}. */
  SwimProtocol add(String id, String cluster, List<String> seeds) {
    SwimProtocol node = new SwimProtocol(config, cluster, id, id, (to, env) -> deliver(id, to, env),
        new Random(random.nextLong()), (before, after) -> events.add(now + " " + id + " sees " + after.id() + " "
            + after.status() + " inc " + after.incarnation()));
    nodes.put(id, node);
    node.start(seeds, now);
    return node;
  }

  SwimProtocol add(String id, List<String> seeds) {
    return add(id, "test", seeds);
  }

  private void deliver(String from, String to, Envelope envelope) {
    if (paused.contains(from) || cut.contains(pair(from, to)) || random.nextDouble() < loss
        || random.nextDouble() < inboundLoss.getOrDefault(to, 0.0)) {
      return;
    }
    long delay = baseDelayMs + (jitterMs == 0 ? 0 : random.nextInt((int) jitterMs + 1))
        + extraDelay.getOrDefault(from, 0L) + extraDelay.getOrDefault(to, 0L);
    inFlight.add(new Delivery(now + delay, order++, to, envelope));
  }

  void run(long millis) {
    long end = now + millis;
    while (now < end) {
      now += TICK_MS;
      while (!inFlight.isEmpty() && inFlight.peek().at <= now) {
        Delivery d = inFlight.poll();
        SwimProtocol node = nodes.get(d.to);
        if (node != null && !paused.contains(d.to)) {
          node.receive(d.envelope, now);
        }
      }
      for (Map.Entry<String, SwimProtocol> e : nodes.entrySet()) {
        if (!paused.contains(e.getKey())) {
          e.getValue().tick(now);
        }
      }
    }
  }

  /** Runs until {@code condition} holds or {@code limitMs} passed; the time it took, or -1. */
  long runUntil(Predicate<SimNetwork> condition, long limitMs) {
    long start = now;
    while (now - start < limitMs) {
      if (condition.test(this)) {
        return now - start;
      }
      run(TICK_MS);
    }
    return condition.test(this) ? now - start : -1;
  }

  /** Cuts every link between {@code id} and the others (both directions). */
  void isolate(String id) {
    for (String other : nodes.keySet()) {
      if (!other.equals(id)) {
        cut.add(pair(id, other));
        cut.add(pair(other, id));
      }
    }
  }

  void heal() {
    cut.clear();
  }

  void pause(String id) {
    paused.add(id);
  }

  void resume(String id) {
    paused.remove(id);
  }

  void remove(String id) {
    nodes.remove(id);
  }

  void loss(double probability) {
    this.loss = probability;
  }

  void inboundLoss(String id, double probability) {
    inboundLoss.put(id, probability);
  }

  void slow(String id, long extraMs) {
    extraDelay.put(id, extraMs);
  }

  SwimProtocol node(String id) {
    return nodes.get(id);
  }

  /** {@code observer}'s view of {@code member}, or null when it does not know it. */
  MemberView view(String observer, String member) {
    return nodes.get(observer).members(now).stream().filter(m -> m.id().equals(member)).findFirst().orElse(null);
  }

  /** Whether every node other than {@code member} (and {@code except}) sees it in {@code status}. */
  boolean allSee(String member, MemberStatus status, String... except) {
    Set<String> skip = new HashSet<>(List.of(except));
    return nodes.keySet().stream().filter(o -> !o.equals(member) && !skip.contains(o)).allMatch(o -> {
      MemberView v = view(o, member);
      return v != null && v.status() == status;
    });
  }

  long now() {
    return now;
  }

  List<String> events() {
    return events;
  }

  private static String pair(String a, String b) {
    return a + "->" + b;
  }
}
