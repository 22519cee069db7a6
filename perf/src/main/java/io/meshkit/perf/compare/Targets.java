package io.meshkit.perf.compare;

import io.meshkit.perf.workload.WorkloadKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks the perf issue's targets against a comparison's pairs (targets without a run are left out). */
final class Targets {
  private Targets() {}

  static List<TargetCheck> check(List<Pair> pairs, RunSpec fixedRatePuts, Optional<RunSpec> halfPeak) {
    List<TargetCheck> checks = new ArrayList<>();
    for (Pair p : pairs) {
      RunSpec s = p.spec();
      if (s.load().isOpen()) {
        continue;
      }
      double minimum = switch (s.workload()) {
        case PUT -> 1.5;
        case GET_LINEARIZABLE -> 2.0;
        case GET_SERIALIZABLE -> 1.0;
        default -> 0;
      };
      if (minimum > 0) {
        checks.add(new TargetCheck(s.label() + ": throughput ≥ " + minimum + " × etcd",
            String.format("%.2f ×", p.throughputRatio()), p.throughputRatio() >= minimum));
      }
    }
    halfPeak.flatMap(spec -> find(pairs, spec)).ifPresent(p -> checks.add(new TargetCheck(
        "put p99 ≤ etcd's at half of etcd's peak put rate (" + p.spec().load().label() + ")",
        String.format("%.2f ms vs %.2f ms", p.meshkit().latency().p99(), p.etcd().latency().p99()),
        p.meshkit().latency().p99() <= p.etcd().latency().p99())));
    Optional<Pair> baseline = find(pairs, fixedRatePuts);
    Optional<Pair> leases = pairs.stream().filter(p -> p.spec().workload() == WorkloadKind.LEASE_KEEPALIVE).findFirst();
    if (baseline.isPresent() && leases.isPresent()) {
      double with = leases.get().meshkit().latency().p99();
      double without = baseline.get().meshkit().latency().p99();
      checks.add(new TargetCheck(leases.get().spec().label() + ": MeshKit put p99 within 20 % of the run without leases",
          String.format("%.2f ms vs %.2f ms (%+.0f %%)", with, without, 100 * (with / without - 1)),
          with <= 1.2 * without));
    }
    return checks;
  }

  private static Optional<Pair> find(List<Pair> pairs, RunSpec spec) {
    return pairs.stream().filter(p -> p.spec().equals(spec)).findFirst();
  }
}
