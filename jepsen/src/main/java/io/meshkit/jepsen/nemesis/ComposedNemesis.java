package io.meshkit.jepsen.nemesis;

import io.meshkit.jepsen.cluster.TestCluster;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Nemeses composed into one: each fault is made by one member, which {@link #next} chooses; one fault
 * at a time, and a heal ends it and also heals every other member, so a composed run always ends
 * fault-free. Subclasses say only how the next member is chosen.
 */
abstract class ComposedNemesis implements Nemesis {
  protected final List<Nemesis> members;
  private Nemesis active;

  ComposedNemesis(List<Nemesis> members, String emptyMessage) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException(emptyMessage);
    }
    this.members = List.copyOf(members);
  }

  /** The member that makes the next fault; called under this nemesis' lock. */
  protected abstract Nemesis next(Random random);

  @Override
  public String name() {
    return members.stream().map(Nemesis::name).collect(Collectors.joining(","));
  }

  @Override
  public synchronized String fault(TestCluster<?> cluster, Random random) {
    active = next(random);
    return active.fault(cluster, random);
  }

  @Override
  public synchronized String heal(TestCluster<?> cluster) {
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
