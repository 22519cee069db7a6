package io.meshkit.perf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.meshkit.perf.cluster.RunningCluster;
import io.meshkit.perf.compare.LoadShape;
import io.meshkit.perf.compare.RunExecutor;
import io.meshkit.perf.compare.RunResult;
import io.meshkit.perf.compare.RunSpec;
import io.meshkit.perf.systems.KvTarget;
import io.meshkit.perf.workload.WorkloadKind;
import io.meshkit.perf.workload.WorkloadParams;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/perf run}: one workload against a running cluster, JSON out. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs one workload against a cluster that is already running (e.g. bin/meshkit dev up) and "
        + "prints its result as JSON: for profiling and for trying a tuning without a full comparison."},
    footer = {"", "Examples:",
        "  bin/perf run --workload put --concurrency 64 --duration 60",
        "  bin/perf run --system etcd --endpoints 127.0.0.1:2379 --workload get-linearizable --concurrency 16",
        "  bin/perf run --workload put --rate 500 --pids $(cat .meshkit-dev/n*.pid)"})
final class RunCommand implements Callable<Integer> {
  @Option(names = "--system", description = "meshkit or etcd (default: ${DEFAULT-VALUE})")
  String system = "meshkit";

  @Option(names = "--endpoints", split = ",", paramLabel = "HOST:PORT",
      description = "Client addresses (default: the dev quorum, 127.0.0.1:7001,7002,7003)")
  List<String> endpoints = List.of("127.0.0.1:7001", "127.0.0.1:7002", "127.0.0.1:7003");

  @Option(names = "--workload", required = true, paramLabel = "NAME", description = "One of: ${COMPLETION-CANDIDATES}",
      completionCandidates = WorkloadKind.Names.class)
  String workload;

  @Option(names = "--concurrency", paramLabel = "N", description = "Closed loop of N clients (default: 16 when no --rate)")
  Integer concurrency;

  @Option(names = "--rate", paramLabel = "OPS", description = "Open loop at OPS requests per second instead")
  Double rate;

  @Option(names = "--watchers", paramLabel = "N", description = "For watch-fanout (default: ${DEFAULT-VALUE})")
  int watchers = 50;

  @Option(names = "--leases", paramLabel = "N", description = "For lease-keepalive (default: ${DEFAULT-VALUE})")
  int leases = 10_000;

  @Option(names = "--warmup", paramLabel = "SECONDS", description = "Unrecorded start (default: ${DEFAULT-VALUE})")
  int warmupSeconds = 3;

  @Option(names = "--duration", paramLabel = "SECONDS", description = "Measured time (default: ${DEFAULT-VALUE})")
  int durationSeconds = 10;

  @Option(names = "--pids", split = ",", paramLabel = "PID", description = "Member processes to read CPU and memory of")
  List<Long> pids = List.of();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    RunSpec run;
    SystemKind kind;
    try {
      LoadShape load = rate != null ? LoadShape.open(rate)
          : LoadShape.closed(concurrency == null ? 16 : concurrency);
      run = new RunSpec(WorkloadKind.parse(workload), load,
          new WorkloadParams(watchers, leases));
      kind = SystemKind.parse(system);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    Duration timeout = Duration.ofSeconds(10);
    try (KvTarget target = kind.target(endpoints, timeout)) {
      var result = new RunExecutor(Duration.ofSeconds(warmupSeconds),
          Duration.ofSeconds(durationSeconds), Duration.ofSeconds(15))
          .execute(new RunningCluster(kind.cliName(), endpoints, pids), target, run);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writerFor(RunResult.class)
          .without(SerializationFeature.FAIL_ON_EMPTY_BEANS).writeValue(System.out, result);
      System.out.println();
      return result.errorCount() == 0 ? 0 : 1;
    }
  }
}
