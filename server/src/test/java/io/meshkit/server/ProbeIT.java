package io.meshkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.client.MeshkitClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probes inside member 0 of a real cluster (its relay check through a relay in the same member):
 * they pass; with the quorum lost (two members stopped) the KV and election checks fail with the
 * cluster's error as reason while the relay keeps routing by its table; with the members back they pass
 * again. The canary key stays one key.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ProbeIT {
  private static final Set<String> QUORUM_LOST_REASONS = Set.of("no_leader", "unavailable", "timeout");

  @TempDir
  Path dir;

  @Test
  void probesPassFailWithoutAQuorumAndRecover() throws Exception {
    try (ProbedCluster probed = ProbedCluster.start(dir)) {
      MiniCluster cluster = probed.cluster;
      String admin = cluster.adminEndpoint(0);
      probed.createCanaryNamespace();
      awaitSuccess(admin, Map.of("kv", 1.0, "election", 1.0, "relay", 1.0), "every check passes");
      try (MeshkitClient client = MeshkitClient.builder().endpoints(cluster.clientEndpoints()).build()) {
        assertTrue(client.get("meshkit-probe/n1").isPresent(), "the canary key is keyPrefix + member id");
        double rounds = ProbedCluster.value(ProbedCluster.scrape(admin), "meshkit_probe_latency_seconds_count",
            Map.of("check", "kv")).orElse(0);
        awaitAtLeast(admin, "meshkit_probe_latency_seconds_count", Map.of("check", "kv"), rounds + 2);
        assertEquals(1, client.range(io.meshkit.proto.v1.RangeRequest.newBuilder()
            .setKey(com.google.protobuf.ByteString.copyFromUtf8("meshkit-probe/"))
            .setRangeEnd(com.google.protobuf.ByteString.copyFromUtf8("meshkit-probe0")).build()).getKvsCount(),
            "rounds overwrite one canary key");
      }

      // The same checks from a standalone prober (bin/meshkit probe) on its own /metrics.
      try (ProbeProcess standalone = ProbeProcess.start(ConfigLoader.parse("""
          interval: 1s
          timeout: 1s
          id: outside
          admin: 127.0.0.1:%d
          endpoints: [%s]
          """.formatted(FreePorts.distinct(1).get(0), String.join(", ", cluster.clientEndpoints())),
          ProbeConfig.class).validateStandalone())) {
        awaitSuccess("127.0.0.1:" + standalone.adminPort(), Map.of("kv", 1.0, "election", 1.0),
            "the standalone prober's checks pass");
      }

      cluster.stop(1);
      cluster.stop(2);
      awaitSuccess(admin, Map.of("kv", 0.0, "election", 0.0), "the cluster checks fail without a quorum");
      String text = ProbedCluster.scrape(admin);
      for (String check : Set.of("kv", "election")) {
        Set<String> reasons = ProbedCluster.samples(text).keySet().stream()
            .filter(s -> s.name().equals("meshkit_probe_failures_total") && check.equals(s.labels().get("check")))
            .map(s -> s.labels().get("reason")).collect(Collectors.toSet());
        assertTrue(reasons.stream().anyMatch(QUORUM_LOST_REASONS::contains), check + " failed for want of a quorum: "
            + reasons);
      }
      assertEquals(1.0, ProbedCluster.value(text, "meshkit_probe_success", Map.of("check", "relay")).orElse(-1),
          "the relay keeps routing by its table without the control plane");

      cluster.restart(1);
      cluster.restart(2);
      awaitSuccess(admin, Map.of("kv", 1.0, "election", 1.0, "relay", 1.0), "every check passes again");
      cluster.assertNoFatalFailure();
    }
  }

  /** Waits until meshkit_probe_success{check} has the given value for every check given. */
  private static void awaitSuccess(String admin, Map<String, Double> expected, String what)
      throws InterruptedException {
    Await.until(() -> {
      try {
        String text = ProbedCluster.scrape(admin);
        return expected.entrySet().stream().allMatch(e -> ProbedCluster.value(text, "meshkit_probe_success",
            Map.of("check", e.getKey())).orElse(-1) == e.getValue());
      } catch (Exception e) {
        return false;
      }
    }, Duration.ofSeconds(90), what);
  }

  private static void awaitAtLeast(String admin, String name, Map<String, String> labels, double atLeast)
      throws InterruptedException {
    Await.until(() -> {
      try {
        return ProbedCluster.value(ProbedCluster.scrape(admin), name, labels).orElse(0) >= atLeast;
      } catch (Exception e) {
        return false;
      }
    }, Duration.ofSeconds(60), name + " " + labels + " reaches " + atLeast);
  }
}
