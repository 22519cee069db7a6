package io.meshkit.jepsen.nemesis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * Composes nemeses in rounds: each round every member makes one fault, in an order shuffled with the
 * run's random, so that any {@code members.size()} consecutive faults of a round include each kind once
 * (a {@link MixedNemesis} may leave a kind out of a short run). A member may itself be a mix. One fault
 * at a time, and the heal heals every member ({@link ComposedNemesis}).
 */
public final class RoundsNemesis extends ComposedNemesis {
  private final Deque<Nemesis> round = new ArrayDeque<>();

  public RoundsNemesis(List<Nemesis> members) {
    super(members, "rounds of faults need at least one nemesis");
  }

  @Override
  protected Nemesis next(Random random) {
    if (round.isEmpty()) {
      List<Nemesis> order = new ArrayList<>(members);
      Collections.shuffle(order, random);
      round.addAll(order);
    }
    return round.poll();
  }
}
