package io.meshkit.jepsen.nemesis;

import java.util.List;
import java.util.Random;

/** Composes nemeses: each fault is one of them, chosen with the run's random (see {@link ComposedNemesis}). */
public final class MixedNemesis extends ComposedNemesis {
  public MixedNemesis(List<Nemesis> members) {
    super(members, "a mixed nemesis needs at least one member");
  }

  @Override
  protected Nemesis next(Random random) {
    return members.get(random.nextInt(members.size()));
  }
}
