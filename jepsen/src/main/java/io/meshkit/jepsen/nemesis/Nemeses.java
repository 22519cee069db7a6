package io.meshkit.jepsen.nemesis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The nemeses by command-line name, and parsing of a comma-separated selection. */
public final class Nemeses {
  private static final Map<String, Supplier<Nemesis>> BY_NAME = new LinkedHashMap<>();

  static {
    for (PartitionNemesis.Shape shape : PartitionNemesis.Shape.values()) {
      register(() -> new PartitionNemesis(shape));
    }
    for (ProcessNemesis.Action action : ProcessNemesis.Action.values()) {
      for (Victims victims : Victims.values()) {
        register(() -> new ProcessNemesis(action, victims));
      }
    }
  }

  private Nemeses() {}

  private static void register(Supplier<Nemesis> factory) {
    BY_NAME.put(factory.get().name(), factory);
  }

  /** Every nemesis name, e.g. for --help. */
  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }

  /**
   * Parses {@code none}, {@code all}, one name, or names separated by commas (composed with
   * {@link MixedNemesis}). Returns null for {@code none}.
   *
   * @throws IllegalArgumentException naming the unknown nemesis and listing the known ones
   */
  public static Nemesis parse(String spec) {
    String trimmed = spec.trim();
    if (trimmed.equals("none")) {
      return null;
    }
    List<String> names = trimmed.equals("all") ? names() : List.of(trimmed.split("\\s*,\\s*"));
    List<Nemesis> members = new ArrayList<>();
    for (String name : names) {
      Supplier<Nemesis> factory = BY_NAME.get(name);
      if (factory == null) {
        throw new IllegalArgumentException("unknown nemesis '" + name + "'; choose none, all, or a comma-separated"
            + " list of " + String.join(", ", names()));
      }
      members.add(factory.get());
    }
    return members.size() == 1 ? members.get(0) : new MixedNemesis(members);
  }
}
