package io.meshkit.jepsen.nemesis;

import io.meshkit.jepsen.cluster.DockerCluster;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Composes nemeses in rounds: each round every member makes one fault, in an order shuffled with the
 * run's random, so that any {@code members.size()} consecutive faults of a round include each kind once
 * (a {@link MixedNemesis} may leave a kind out of a short run). A member may itself be a mix. As in
 * {@link MixedNemesis}, one fault at a time, and the heal heals every member.
 */
public final class RoundsNemesis implements Nemesis {
  private final List<Nemesis> members;
  private final Deque<Nemesis> round = new ArrayDeque<>();
  private Nemesis active;

  public RoundsNemesis(List<Nemesis> members) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("rounds of faults need at least one nemesis");
    }
    this.members = List.copyOf(members);
  }

  @Override
  public String name() {
    return members.stream().map(Nemesis::name).collect(Collectors.joining(","));
  }

  @Override
  public synchronized String fault(DockerCluster cluster, Random random) {
    if (round.isEmpty()) {
      List<Nemesis> order = new ArrayList<>(members);
      Collections.shuffle(order, random);
      round.addAll(order);
    }
    active = round.poll();
    return active.fault(cluster, random);
  }

  @Override
  public synchronized String heal(DockerCluster cluster) {
    String healed = active == null ? "heal" : active.heal(cluster);
    for (Nemesis member : members) {
      if (member != active) {
        member.heal(cluster);
      }
    }
    active = null;
    return healed;
  }
}
