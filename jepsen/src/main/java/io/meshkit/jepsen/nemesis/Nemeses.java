package io.meshkit.jepsen.nemesis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The nemeses by command-line name, and parsing of a comma-separated selection. Two families: faults
 * of the cluster under test ({@link #names()}, what {@code all} mixes), and faults between it and the
 * standby cluster the federation workload runs beside it ({@link #federationNames()}: usable by name,
 * and added to that workload's mix by the workload itself).
 */
public final class Nemeses {
  private static final Map<String, Supplier<Nemesis>> SINGLE_CLUSTER = new LinkedHashMap<>();
  private static final Map<String, Supplier<Nemesis>> FEDERATION = new LinkedHashMap<>();
  /** The names in {@link #SINGLE_CLUSTER} that act on server processes only, never on the network. */
  private static final List<String> PROCESS = new ArrayList<>();

  static {
    for (PartitionNemesis.Shape shape : PartitionNemesis.Shape.values()) {
      register(SINGLE_CLUSTER, () -> new PartitionNemesis(shape));
    }
    for (ProcessNemesis.Action action : ProcessNemesis.Action.values()) {
      for (Victims victims : List.of(Victims.RANDOM, Victims.LEADER)) {
        PROCESS.add(register(SINGLE_CLUSTER, () -> new ProcessNemesis(action, victims)));
      }
    }
    register(FEDERATION, ClusterPartitionNemesis::new);
    for (ProcessNemesis.Action action : ProcessNemesis.Action.values()) {
      register(FEDERATION, () -> new ProcessNemesis(action, Victims.STANDBY));
    }
  }

  private Nemeses() {}

  private static String register(Map<String, Supplier<Nemesis>> family, Supplier<Nemesis> factory) {
    String name = factory.get().name();
    family.put(name, factory);
    return name;
  }

  /** Every fault of the cluster under test, e.g. for --help; {@code all} mixes them. */
  public static List<String> names() {
    return List.copyOf(SINGLE_CLUSTER.keySet());
  }

  /** The faults that act on server processes only (kill, pause): what a cluster of local processes takes. */
  public static List<String> processNames() {
    return List.copyOf(PROCESS);
  }

  /** The faults between the cluster under test and the federation workload's standby. */
  public static List<String> federationNames() {
    return List.copyOf(FEDERATION.keySet());
  }

  /** A fresh instance of every federation nemesis, in {@link #federationNames()} order. */
  public static List<Nemesis> federation() {
    return FEDERATION.values().stream().map(Supplier::get).toList();
  }

  /** Whether {@code nemesis} (one, or a composition) includes a fault that needs the standby cluster. */
  public static boolean actsBetweenClusters(Nemesis nemesis) {
    return nemesis != null && Arrays.stream(nemesis.name().split(",")).anyMatch(FEDERATION::containsKey);
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
      Supplier<Nemesis> factory = SINGLE_CLUSTER.containsKey(name) ? SINGLE_CLUSTER.get(name) : FEDERATION.get(name);
      if (factory == null) {
        throw new IllegalArgumentException("unknown nemesis '" + name + "'; choose none, all, or a comma-separated"
            + " list of " + String.join(", ", names()) + " (and, with --workload federation, "
            + String.join(", ", federationNames()) + ")");
      }
      members.add(factory.get());
    }
    return members.size() == 1 ? members.get(0) : new MixedNemesis(members);
  }

  /**
   * {@link #parse} for a cluster of processes on this host, which has no network of its own to cut:
   * {@code all} mixes the {@link #processNames()}, and any other fault is refused.
   *
   * @throws IllegalArgumentException naming the refused (or unknown) nemesis and the ones a local cluster takes
   */
  public static Nemesis parseProcessFaults(String spec) {
    if (spec.trim().equals("all")) {
      return parse(String.join(",", PROCESS));
    }
    Nemesis parsed = parse(spec);
    for (String name : parsed == null ? new String[0] : parsed.name().split(",")) {
      if (!PROCESS.contains(name)) {
        throw new IllegalArgumentException("nemesis " + name + " does not act on a local cluster (partitions need "
            + "members with network namespaces of their own, the -standby faults the federation workload's standby: "
            + "bin/jepsen without 'chaos' runs them in containers); choose none, all, or a comma-separated list of "
            + String.join(", ", PROCESS));
      }
    }
    return parsed;
  }
}
