package io.meshkit.jepsen.runner;

import io.meshkit.jepsen.workload.FederationWorkload;
import io.meshkit.jepsen.workload.LeadershipWorkload;
import io.meshkit.jepsen.workload.RegisterWorkload;
import io.meshkit.jepsen.workload.RebalanceWorkload;
import io.meshkit.jepsen.workload.RegistryWorkload;
import io.meshkit.jepsen.workload.RelayWorkload;
import io.meshkit.jepsen.workload.SetWorkload;
import io.meshkit.jepsen.workload.WatchWorkload;
import io.meshkit.jepsen.workload.Workload;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The workloads by command-line name. */
public final class Workloads {
  private static final Map<String, Supplier<Workload>> BY_NAME = new LinkedHashMap<>();

  static {
    register(RegisterWorkload::new);
    register(SetWorkload::new);
    register(LeadershipWorkload::new);
    register(WatchWorkload::new);
    register(RegistryWorkload::new);
    register(RebalanceWorkload::new);
    register(RelayWorkload::new);
    register(FederationWorkload::new);
  }

  private Workloads() {}

  private static void register(Supplier<Workload> factory) {
    BY_NAME.put(factory.get().name(), factory);
  }

  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }

  /**
   * A fresh instance of the named workload.
   *
   * @throws IllegalArgumentException naming the known workloads
   */
  public static Workload create(String name) {
    Supplier<Workload> factory = BY_NAME.get(name);
    if (factory == null) {
      throw new IllegalArgumentException("unknown workload '" + name + "'; choose one of " + String.join(", ", names()));
    }
    return factory.get();
  }
}
