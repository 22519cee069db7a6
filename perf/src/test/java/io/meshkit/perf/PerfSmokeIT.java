package io.meshkit.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.perf.cluster.EtcdCluster;
import io.meshkit.perf.cluster.LocalCluster;
import io.meshkit.perf.cluster.ManagedCluster;
import io.meshkit.perf.cluster.MeshkitCluster;
import io.meshkit.perf.compare.LoadShape;
import io.meshkit.perf.compare.Recovery;
import io.meshkit.perf.compare.RunExecutor;
import io.meshkit.perf.compare.RunResult;
import io.meshkit.perf.compare.RunSpec;
import io.meshkit.perf.systems.EtcdTarget;
import io.meshkit.perf.systems.KvTarget;
import io.meshkit.perf.systems.MeshkitTarget;
import io.meshkit.perf.workload.WorkloadKind;
import io.meshkit.perf.workload.WorkloadParams;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI smoke of the perf suite: every workload, briefly, against a real three-process MeshKit
 * cluster (and etcd, so the comparison side cannot rot), must complete without errors and with
 * what each workload promises (all watch events delivered, leases renewed). No speed is asserted.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PerfSmokeIT {
  private static final WorkloadParams SMALL = new WorkloadParams(3, 50);
  private static final RunExecutor BRIEF = new RunExecutor(Duration.ofMillis(500), Duration.ofMillis(1500),
      Duration.ofSeconds(10));

  @TempDir
  Path dir;

  @Test
  void everyWorkloadRunsCleanlyAgainstMeshkit() throws Exception {
    Path jar = Path.of(System.getProperty("meshkit.server.jar", "../server/target/meshkit-server-0.1.0-SNAPSHOT.jar"));
    try (LocalCluster cluster = MeshkitCluster.start(jar, dir.resolve("meshkit"));
        KvTarget target = new MeshkitTarget(cluster.clientEndpoints(), Duration.ofSeconds(10))) {
      runEveryWorkload(cluster, target);
    }
  }

  @Test
  void everyWorkloadRunsCleanlyAgainstEtcd() throws Exception {
    try (LocalCluster cluster = EtcdCluster.start(dir.resolve("etcd"));
        KvTarget target = new EtcdTarget(cluster.clientEndpoints(), Duration.ofSeconds(10))) {
      runEveryWorkload(cluster, target);
    }
  }

  /** The recovery measurement runs on both systems and reports finite, positive times. */
  @Test
  void recoveryIsMeasuredOnBothSystems() throws Exception {
    Path jar = Path.of(System.getProperty("meshkit.server.jar", "../server/target/meshkit-server-0.1.0-SNAPSHOT.jar"));
    try (ManagedCluster cluster = MeshkitCluster.start(jar, dir.resolve("meshkit-recovery"));
        KvTarget target = new MeshkitTarget(cluster.clientEndpoints(), Duration.ofSeconds(10))) {
      assertSane(Recovery.measure(cluster, target, 300, 300));
    }
    try (ManagedCluster cluster = EtcdCluster.start(dir.resolve("etcd-recovery"));
        KvTarget target = new EtcdTarget(cluster.clientEndpoints(), Duration.ofSeconds(10))) {
      assertSane(Recovery.measure(cluster, target, 300, 300));
    }
  }

  private static void assertSane(Recovery.Result r) {
    assertTrue(r.restartToReadySeconds() > 0 && r.catchUpSeconds() > 0, r.toString());
    assertTrue(r.entriesBehind() >= 300, "the follower missed at least the writes made while it was down: " + r);
  }

  private static void runEveryWorkload(LocalCluster cluster, KvTarget target) throws Exception {
    for (WorkloadKind kind : WorkloadKind.values()) {
      // Closed loops of 16 clients: concurrent linearizable reads on every member are what found the
      // Ratis stall a read barrier caused (see ReadBarrierBatcher).
      LoadShape load = switch (kind) {
        case PUT, TXN_CAS, GET_LINEARIZABLE, GET_SERIALIZABLE, MIXED -> LoadShape.closed(16);
        case WATCH_FANOUT, LEASE_KEEPALIVE -> LoadShape.open(50);
      };
      RunResult r = BRIEF.execute(cluster, target, new RunSpec(kind, load, SMALL));
      String what = target.system() + " " + r.run() + ": ";
      assertEquals(Map.of(), r.errors(), what + "errors");
      assertTrue(r.ops() > 0, what + "no operation completed");
      assertEquals(3, r.memberCpuSeconds().size(), what + "a CPU reading per member");
      assertTrue(r.memberPeakRssMib().stream().allMatch(m -> m > 0), what + "peak RSS " + r.memberPeakRssMib());
      if (kind == WorkloadKind.WATCH_FANOUT) {
        assertEquals(0.0, r.extras().get("events_missing"), what + "every put reached every watcher");
        assertTrue(r.extraLatency() != null && r.extraLatency().p50() > 0, what + "delivery latency");
      }
      if (kind == WorkloadKind.LEASE_KEEPALIVE) {
        assertTrue(r.extras().get("renewals_per_s") > 0, what + "leases were renewed: " + r.extras());
        assertEquals(0.0, r.extras().get("failed_keepalive_streams"), what + r.extras());
      }
    }
  }
}
