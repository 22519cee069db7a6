package io.meshkit.perf.compare;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshkit.perf.workload.WorkloadKind;
import io.meshkit.perf.workload.WorkloadParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareReportTest {
  @Test
  void writesMarkdownJsonAndChartsWithTheRatios(@TempDir Path dir) throws Exception {
    WorkloadParams params = new WorkloadParams(5, 100);
    ComparePlan plan = new ComparePlan(List.of(1, 16), 16, 4, 5, 100, 200, Duration.ZERO, Duration.ofSeconds(1),
        Duration.ofSeconds(2), Set.of(WorkloadKind.PUT));
    List<Pair> pairs = List.of(
        Results.pair(new RunSpec(WorkloadKind.PUT, LoadShape.closed(1), params), 300, 400, 6, 3),
        Results.pair(new RunSpec(WorkloadKind.PUT, LoadShape.closed(16), params), 3000, 2000, 12, 9),
        Results.pair(plan.halfPeakPuts(2000), 1000, 1000, 8, 4));
    CompareReport report = new CompareReport("bin/perf compare --workloads put", plan, List.of("MeshKit x", "etcd y"),
        pairs, Targets.check(pairs, plan.fixedRatePuts(), Optional.of(plan.halfPeakPuts(2000))));

    Path md = report.write(dir);

    String text = Files.readString(md);
    assertTrue(text.contains("| put @ 16 clients | 3000 | 2000 | 1.50 |"), text);
    assertTrue(text.contains("| put @ 1 client: throughput ≥ 1.5 × etcd | 0.75 × | **no** |"), text);
    assertTrue(text.contains("![throughput-vs-concurrency.png]"), text);
    assertTrue(Files.size(dir.resolve("throughput-vs-concurrency.png")) > 1000);
    assertTrue(Files.size(dir.resolve("latency-cdf.png")) > 1000);
    JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
    assertTrue(json.path("runs").size() == 6, json.toString());
    assertTrue(report.ratioTable().startsWith("| run | MeshKit ops/s"));
  }
}
