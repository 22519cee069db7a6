package io.meshkit.perf.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meshkit.perf.workload.WorkloadKind;
import io.meshkit.perf.workload.WorkloadParams;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TargetsTest {
  private final WorkloadParams params = new WorkloadParams(5, 100);
  private final ComparePlan plan = new ComparePlan(List.of(16), 16, 4, 5, 100, 200, Duration.ZERO, Duration.ZERO,
      Duration.ofSeconds(1), Set.of(WorkloadKind.values()));

  @Test
  void eachTargetIsMetOnlyAtItsThreshold() {
    RunSpec put = new RunSpec(WorkloadKind.PUT, LoadShape.closed(16), params);
    RunSpec lin = new RunSpec(WorkloadKind.GET_LINEARIZABLE, LoadShape.closed(16), params);
    RunSpec ser = new RunSpec(WorkloadKind.GET_SERIALIZABLE, LoadShape.closed(16), params);
    RunSpec lease = new RunSpec(WorkloadKind.LEASE_KEEPALIVE, LoadShape.open(200), params);
    RunSpec halfPeak = plan.halfPeakPuts(1000);
    List<Pair> pairs = List.of(
        Results.pair(put, 1500, 1000, 5, 5),            // exactly 1.5 ×: met
        Results.pair(lin, 1990, 1000, 5, 5),            // 1.99 ×: not met
        Results.pair(ser, 1000, 1000, 5, 5),            // 1 ×: met
        Results.pair(plan.fixedRatePuts(), 200, 200, 10, 3),
        Results.pair(lease, 200, 200, 12.5, 3),         // +25 % over the run without leases: not met
        Results.pair(halfPeak, 500, 500, 4, 4));        // equal p99: met

    Map<String, Boolean> met = Targets.check(pairs, plan.fixedRatePuts(), Optional.of(halfPeak)).stream()
        .collect(Collectors.toMap(t -> t.target().substring(0, t.target().indexOf(':') > 0
            ? t.target().indexOf(':') : t.target().length()), TargetCheck::met));
    assertEquals(Map.of(
        "put @ 16 clients", true,
        "get-linearizable @ 16 clients", false,
        "get-serializable @ 16 clients", true,
        "put p99 ≤ etcd's at half of etcd's peak put rate (500/s)", true,
        "lease-keepalive (100 leases) @ 200/s", false), met);
  }

  @Test
  void halfPeakIsHalfOfEtcdsBestPutRate() {
    assertEquals(LoadShape.open(1234), plan.halfPeakPuts(2467.6).load());
  }

  @Test
  void casRefusesAnOpenLoop() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new RunSpec(WorkloadKind.TXN_CAS, LoadShape.open(100), params));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("closed loop"), e.getMessage());
  }

}
