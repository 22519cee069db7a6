package io.meshkit.jepsen.workload;

import io.meshkit.client.MeshkitClient;
import io.meshkit.jepsen.HistoryRecorder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * What a workload runs with.
 *
 * @param runName unique per run; workloads put it in their keys so runs on one cluster never meet
 * @param endpoints host:port of every node
 * @param kvClients opens a {@link KvClient} bound to the node with the given endpoint
 * @param recorder the run's history
 * @param seed the run's seed (nemesis and generators derive their randoms from it)
 * @param duration how long clients issue operations
 * @param rate target operations per second across all processes
 * @param concurrency number of client processes
 * @param serializableReads register and registry reads ask for local (possibly stale) reads: the negative
 *     control
 * @param runDir where the run writes its files
 */
public record WorkloadContext(
    String runName,
    List<String> endpoints,
    Function<String, KvClient> kvClients,
    HistoryRecorder recorder,
    long seed,
    Duration duration,
    double rate,
    int concurrency,
    boolean serializableReads,
    Path runDir) {

  /**
   * A MeshKit client over every node, trying node {@code first} (mod n) first and failing over in
   * order; for workloads whose clients must survive a node's loss (leases, watches).
   */
  public MeshkitClient clientFromNode(int first) {
    List<String> ordered = new ArrayList<>(endpoints);
    Collections.rotate(ordered, -first);
    return MeshkitClient.builder().endpoints(ordered).callTimeout(Duration.ofSeconds(3)).build();
  }

  /** The prefix of every key this run touches. */
  public String keyPrefix() {
    return "jepsen/" + runName + "/";
  }
}
