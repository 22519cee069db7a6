package io.meshkit.jepsen.runner;

import io.meshkit.jepsen.Verdict;
import io.meshkit.jepsen.cluster.DockerCluster;
import io.meshkit.jepsen.nemesis.Nemeses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/jepsen}: long runs of the Jepsen suite. Exit 0 valid, 1 invalid, 2 unknown, 3 could not run. */
@Command(name = "bin/jepsen", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Runs workloads against a three-node MeshKit cluster in Docker containers while a nemesis injects faults, "
            + "then checks the history. Each run writes jepsen/target/runs/<run>/: history.jsonl, summary.txt, "
            + "latency.png and index.html (open it first); jepsen/target/runs/index.html lists every run.",
        "With --db etcd the same register and set workloads run against etcd 3.4 instead: the cross-check.",
        ""},
    footer = {"", "Examples:",
        "  bin/jepsen --workload register --nemesis all --time 600",
        "  bin/jepsen --workload set --nemesis partition-halves,kill --time 120 --rate 200 --seed 7",
        "  bin/jepsen --workload all --time 600             # every workload, one after the other",
        "  bin/jepsen --workload register --serializable-reads --nemesis partition-leader   # must fail",
        "  bin/jepsen --db etcd --workload all --time 120   # the etcd cross-check: register and set",
        "  bin/jepsen --workload federation --nemesis all --time 120   # eu and a standby us: faults between them too",
        "", "Nemeses: none, all, or a comma-separated mix of: %s",
        "With --workload federation also (and added to any mix but none): %s",
        "Exit status: 0 every run valid, 1 an anomaly was found, 2 a checker gave up (unknown), 3 error."})
public final class JepsenMain implements Callable<Integer> {
  @Option(names = "--db", defaultValue = "meshkit",
      description = "meshkit, or etcd for the cross-check (register and set only) (default: ${DEFAULT-VALUE})")
  String db;

  @Option(names = "--workload", defaultValue = "register",
      description = "register, set, leadership, watch, registry, rebalance, relay, federation, or all "
          + "(default: ${DEFAULT-VALUE})")
  String workload;

  @Option(names = "--nemesis", defaultValue = "all", description = "Faults to inject (default: ${DEFAULT-VALUE})")
  String nemesis;

  @Option(names = "--time", defaultValue = "60", description = "Seconds of client operations per workload "
      + "(default: ${DEFAULT-VALUE})")
  long seconds;

  @Option(names = "--rate", defaultValue = "100", description = "Target operations per second (default: ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--concurrency", defaultValue = "6", description = "Client processes (default: ${DEFAULT-VALUE})")
  int concurrency;

  @Option(names = "--seed", description = "Seed of every random choice (default: the current time)")
  Long seed;

  @Option(names = "--fault-every", defaultValue = "5",
      description = "Quiet seconds between faults, drawn from [s, 2s) (default: ${DEFAULT-VALUE})")
  long quietSeconds;

  @Option(names = "--fault-hold", defaultValue = "5",
      description = "Seconds each fault lasts, drawn from [s, 2s) (default: ${DEFAULT-VALUE})")
  long holdSeconds;

  @Option(names = "--serializable-reads",
      description = "Register (and registry) reads are local and may be stale: the negative control, which must be "
          + "flagged")
  boolean serializableReads;

  @Option(names = "--runs-dir", defaultValue = "jepsen/target/runs", description = "Where runs are written "
      + "(default: ${DEFAULT-VALUE})")
  Path runsDir;

  @Override
  public Integer call() throws Exception {
    long baseSeed = seed != null ? seed : System.currentTimeMillis();
    Database database = Database.parse(db);
    List<String> workloads = workload.equals("all") ? database.workloads() : List.of(workload);
    workloads.forEach(Workloads::create);
    workloads.forEach(database::requireSupports);
    Nemeses.parse(nemesis);
    List<RunResult> results = new ArrayList<>();
    System.out.println("starting a three-node " + database.label() + " cluster in containers...");
    try (DockerCluster cluster = database.start(3, runsDir.resolve("nodes-" + baseSeed), Duration.ofSeconds(120))) {
      for (int i = 0; i < workloads.size(); i++) {
        RunOptions options = new RunOptions(workloads.get(i), nemesis, Duration.ofSeconds(seconds), rate, concurrency,
            baseSeed + i, Duration.ofSeconds(quietSeconds), Duration.ofSeconds(holdSeconds), serializableReads);
        System.out.printf("%s: %d s, nemesis %s, seed %d...%n", options.workload(), seconds, nemesis, options.seed());
        RunResult result = JepsenRun.run(cluster, database.label(), options, database::client, runsDir);
        System.out.println(result.describe());
        results.add(result);
      }
    }
    Verdict overall = results.stream().map(RunResult::verdict).reduce(Verdict.VALID, Verdict::and);
    System.out.println("overall: " + overall);
    return switch (overall) {
      case VALID -> 0;
      case INVALID -> 1;
      default -> 2;
    };
  }

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new JepsenMain());
    cli.getCommandSpec().usageMessage().footer(String.format(String.join("%n", cli.getCommandSpec().usageMessage()
        .footer()), String.join(", ", Nemeses.names()), String.join(", ", Nemeses.federationNames())).split("\n"));
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      System.err.println("bin/jepsen: " + e.getMessage());
      if (e instanceof IllegalArgumentException) {
        System.err.println("hint: bin/jepsen --help lists workloads, nemeses and options");
      }
      return 3;
    });
    System.exit(cli.execute(args));
  }
}
