package io.meshkit.jepsen.nemesis;

import io.meshkit.jepsen.cluster.DockerCluster;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Composes nemeses: each fault is one of them, chosen with the run's random; the heal ends it. Its
 * heal also heals every other member, so a composed run always ends fault-free.
 */
public final class MixedNemesis implements Nemesis {
  private final List<Nemesis> members;
  private Nemesis active;

  public MixedNemesis(List<Nemesis> members) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a mixed nemesis needs at least one member");
    }
    this.members = List.copyOf(members);
  }

  @Override
  public String name() {
    return members.stream().map(Nemesis::name).collect(Collectors.joining(","));
  }

  @Override
  public synchronized String fault(DockerCluster cluster, Random random) {
    active = members.get(random.nextInt(members.size()));
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
