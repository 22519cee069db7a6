package io.meshkit.jepsen.runner;

import io.meshkit.jepsen.cluster.DockerCluster;
import io.meshkit.jepsen.nemesis.Nemeses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/jepsen}: long runs of the Jepsen suite. Exit 0 valid, 1 invalid, 2 unknown, 3 could not run. */
@Command(name = "bin/jepsen", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
    subcommands = ChaosCommand.class,
    description = {
        "Runs workloads against a three-node MeshKit cluster in Docker containers while a nemesis injects faults, "
            + "then checks the history. Each run writes jepsen/target/runs/<run>/: history.jsonl, summary.txt, "
            + "latency.png and index.html (open it first); jepsen/target/runs/index.html lists every run.",
        "With --db etcd the same register and set workloads run against etcd 3.4 instead: the cross-check.",
        "'bin/jepsen chaos' runs the process faults against members already running on this host "
            + "(bin/meshkit dev up): see bin/jepsen chaos --help.",
        ""},
    footer = {"", "Examples:",
        "  bin/jepsen --workload register --nemesis all --time 600",
        "  bin/jepsen --workload set --nemesis partition-halves,kill --time 120 --rate 200 --seed 7",
        "  bin/jepsen --workload all --time 600             # every workload, one after the other",
        "  bin/jepsen --workload register --serializable-reads --nemesis partition-leader   # must fail",
        "  bin/jepsen --db etcd --workload all --time 120   # the etcd cross-check: register and set",
        "  bin/jepsen --workload federation --nemesis all --time 120   # eu and a standby us: faults between them too",
        "  bin/jepsen chaos --workload register --nemesis kill,pause --time 120   # against bin/meshkit dev up",
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

  @Option(names = "--serializable-reads",
      description = "Register (and registry) reads are local and may be stale: the negative control, which must be "
          + "flagged")
  boolean serializableReads;

  @Mixin
  RunFlags flags;

  @Override
  public Integer call() throws Exception {
    Database database = Database.parse(db);
    List<String> workloads = workload.equals("all") ? database.workloads() : List.of(workload);
    workloads.forEach(Workloads::create);
    workloads.forEach(database::requireSupports);
    Nemeses.parse(nemesis);
    System.out.println("starting a three-node " + database.label() + " cluster in containers...");
    // A directory of its own per invocation: a node dir of an earlier run holds that run's data and peer
    // addresses (the containers' subnet changes from run to run), and nodes started on it never got healthy.
    Path nodesDir = flags.runsDir.resolve("nodes-" + JepsenRun.startStamp() + "-s" + flags.baseSeed());
    try (DockerCluster cluster = database.start(3, nodesDir, Duration.ofSeconds(120))) {
      return flags.runEach(cluster, database.label(), workloads, nemesis, serializableReads, Nemeses::parse,
          database::client);
    }
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * {@code bin/jepsen} with its subcommands, footers filled and errors reported as one line (on the command's
   * error stream) with a hint: exit status 3.
   */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new JepsenMain());
    fillFooter(cli, String.join(", ", Nemeses.names()), String.join(", ", Nemeses.federationNames()));
    fillFooter(cli.getSubcommands().get("chaos"), String.join(", ", Nemeses.processNames()));
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      String name = cmd.getCommandSpec().qualifiedName();
      cmd.getErr().println(name + ": " + e.getMessage());
      if (e instanceof IllegalArgumentException) {
        cmd.getErr().println("hint: " + name + " --help lists workloads, nemeses and options");
      }
      cmd.getErr().flush();
      return 3;
    });
    return cli;
  }

  /** Fills the {@code %s} of {@code cli}'s footer with {@code values}, in order. */
  private static void fillFooter(CommandLine cli, Object... values) {
    cli.getCommandSpec().usageMessage().footer(String.format(String.join("%n", cli.getCommandSpec().usageMessage()
        .footer()), values).split("\n"));
  }
}
