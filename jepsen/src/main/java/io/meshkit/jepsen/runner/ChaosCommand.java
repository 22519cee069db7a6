package io.meshkit.jepsen.runner;

import io.meshkit.jepsen.cluster.LocalCluster;
import io.meshkit.jepsen.nemesis.Nemeses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/jepsen chaos}: the suite's process faults (kill -9 and restart, SIGSTOP and SIGCONT, of a
 * random member or the leader) against MeshKit members already running on this host, as {@code bin/meshkit
 * dev up} starts them; the same workloads, checkers and reports as a run in containers. Partitions need
 * members with network namespaces of their own and are refused.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Runs a workload against MeshKit members running on this host (bin/meshkit dev up) while their processes "
            + "are killed with kill -9 and restarted, or frozen with SIGSTOP and resumed, then checks the history. "
            + "Only the cluster's own members are signalled: each pid file's process must run io.meshkit.server.Main "
            + "with that member's config or data directory. A killed member restarts with its first command line, "
            + "its output appended to <id>.log, its new pid in <id>.pid.",
        "Each run writes jepsen/target/runs/<run>/ (history.jsonl, summary.txt, summary.json, latency.png, "
            + "index.html) and prints its verdict and where the report is. Partitions cannot act on one loopback "
            + "network: bin/jepsen without 'chaos' runs them in containers.",
        ""},
    footer = {"", "Examples (start the members first: bin/meshkit dev up):",
        "  bin/jepsen chaos --workload register --nemesis kill,pause --time 120",
        "  bin/jepsen chaos --nemesis kill-leader,pause-leader --time 300 --seed 7",
        "  bin/jepsen chaos --target /tmp/quorum --workload set",
        "", "Nemeses: none, all (every one of these), or a comma-separated mix of: %s",
        "Exit status: 0 every run valid, 1 an anomaly was found, 2 a checker gave up (unknown), 3 error."})
final class ChaosCommand implements Callable<Integer> {
  /** The workloads that need nothing but the members' client API (no relay, gossip set-up or second cluster). */
  static final List<String> WORKLOADS = List.of("register", "set", "leadership", "watch", "registry");
  /** How long the members have to be healthy before the run starts. */
  private static final Duration READY = Duration.ofSeconds(60);

  @Option(names = "--target", defaultValue = "local", paramLabel = "local|DIR",
      description = "local: the quorum of bin/meshkit dev up ($MESHKIT_DEV_DIR, else .meshkit-dev); or a directory "
          + "with <id>.yaml (nodeId, clientAddress, dataDir), <id>.pid and <id>.log per member (default: "
          + "${DEFAULT-VALUE})")
  String target;

  @Option(names = "--workload", defaultValue = "register",
      description = "register, set, leadership, watch, registry, or all (default: ${DEFAULT-VALUE})")
  String workload;

  @Option(names = "--nemesis", defaultValue = "all", description = "Faults to inject (default: ${DEFAULT-VALUE})")
  String nemesis;

  @Mixin
  RunFlags flags;

  @Override
  public Integer call() throws Exception {
    List<String> workloads = workload.equals("all") ? WORKLOADS : List.of(workload);
    for (String name : workloads) {
      if (!WORKLOADS.contains(name)) {
        throw new IllegalArgumentException((Workloads.names().contains(name)
            ? "workload '" + name + "' needs containers (a relay in every member, gossip set-up or a second cluster)"
            : "unknown workload '" + name + "'") + "; a chaos run takes " + String.join(", ", WORKLOADS) + ", or all");
      }
    }
    String faults = nemesis.trim().equals("all") ? String.join(",", Nemeses.processNames()) : nemesis;
    Nemeses.parseProcessFaults(faults);
    Path dir = target.equals("local") ? LocalCluster.devDir() : Path.of(target).toAbsolutePath().normalize();
    try (LocalCluster cluster = LocalCluster.discover(dir)) {
      return run(cluster, workloads, faults);
    }
  }

  private Integer run(LocalCluster cluster, List<String> workloads, String faults) throws Exception {
    Path dir = cluster.dir();
    System.out.println("chaos run against " + cluster.nodes().stream()
        .map(m -> m.id() + " (pid " + m.pid() + ", " + m.endpoint() + ")").collect(Collectors.joining(", "))
        + " in " + dir);
    try {
      cluster.awaitHealthy(READY);
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException("the local cluster is not healthy: " + e.getMessage()
          + " (bin/meshkit dev status shows it)", e);
    }
    return flags.runEach(cluster, "meshkit (local processes in " + dir + ")", workloads, faults, false,
        Nemeses::parseProcessFaults, Database.MESHKIT::client);
  }
}
