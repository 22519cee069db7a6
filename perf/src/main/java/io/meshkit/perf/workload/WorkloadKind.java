package io.meshkit.perf.workload;

import io.meshkit.perf.systems.KvTarget;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The workloads by the names {@code bin/perf} takes. */
public enum WorkloadKind {
  PUT("put", "puts of 256 B values over 100,000 keys"),
  GET_LINEARIZABLE("get-linearizable", "linearizable single-key reads of 1,000 keys"),
  GET_SERIALIZABLE("get-serializable", "serializable single-key reads of 1,000 keys"),
  TXN_CAS("txn-cas", "compare-mod-revision-and-put transactions, one key per client"),
  MIXED("mixed", "90 % linearizable reads, 10 % puts"),
  WATCH_FANOUT("watch-fanout", "puts under a prefix N watchers watch; delivery latency per watcher"),
  LEASE_KEEPALIVE("lease-keepalive", "puts while N leases are renewed every second");

  private final String cliName;
  private final String description;

  WorkloadKind(String cliName, String description) {
    this.cliName = cliName;
    this.description = description;
  }

  public String cliName() {
    return cliName;
  }

  public String description() {
    return description;
  }

  /** A fresh workload of this kind against {@code target}. */
  public Workload create(KvTarget target, WorkloadParams params) {
    return switch (this) {
      case PUT -> new PutWorkload(target);
      case GET_LINEARIZABLE -> new GetWorkload(target, true);
      case GET_SERIALIZABLE -> new GetWorkload(target, false);
      case TXN_CAS -> new CasWorkload(target);
      case MIXED -> new MixedWorkload(target);
      case WATCH_FANOUT -> new WatchFanoutWorkload(target, params.watchers());
      case LEASE_KEEPALIVE -> new LeaseKeepaliveWorkload(target, params.leases());
    };
  }

  /** Only closed loops suit this workload (its clients each own state, like the CAS key revision). */
  public boolean closedLoopOnly() {
    return this == TXN_CAS;
  }

  /** @throws IllegalArgumentException listing the valid names */
  public static WorkloadKind parse(String name) {
    return Arrays.stream(values()).filter(k -> k.cliName.equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown workload '" + name + "'; choose one of "
            + Arrays.stream(values()).map(WorkloadKind::cliName).collect(Collectors.joining(", "))));
  }

  /** The workload names, for picocli's completion candidates and --help. */
  public static final class Names implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Arrays.stream(values()).map(WorkloadKind::cliName).iterator();
    }
  }
}
