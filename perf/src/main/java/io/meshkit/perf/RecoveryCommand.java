package io.meshkit.perf;

import io.meshkit.perf.cluster.ManagedCluster;
import io.meshkit.perf.compare.Recovery;
import io.meshkit.perf.systems.KvTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/perf recovery}: a follower's restart to ready and catch-up, per system. */
@Command(name = "recovery", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Starts each system's three-member cluster in turn (one at a time), stores --keys keys, then "
        + "measures a follower's restart to ready, and its catch-up after --entries writes committed while it "
        + "was down. Prints a table and writes recovery.md under --out."},
    footer = {"", "Examples:", "  bin/perf recovery", "  bin/perf recovery --systems meshkit --keys 10000 --entries 10000"})
final class RecoveryCommand implements Callable<Integer> {
  @Option(names = "--systems", split = ",", paramLabel = "NAME", description = "meshkit, etcd (default: both)")
  List<String> systems = List.of("meshkit", "etcd");

  @Option(names = "--keys", paramLabel = "N", description = "Keys stored before the restart (default: ${DEFAULT-VALUE})")
  int keys = 100_000;

  @Option(names = "--entries", paramLabel = "N", description = "Writes committed while the follower is down "
      + "(default: ${DEFAULT-VALUE})")
  int entries = 100_000;

  @Mixin
  ClusterDirs dirs = new ClusterDirs();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<SystemKind> kinds;
    try {
      kinds = systems.stream().map(SystemKind::parse).toList();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (keys < 1 || entries < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--keys and --entries must be positive");
    }
    Path jar = kinds.contains(SystemKind.MESHKIT) ? dirs.serverJar(spec.commandLine()) : null;
    Path workDir = dirs.freshWorkDir("recovery");
    StringBuilder table = new StringBuilder("| system | keys | restart to ready s | entries behind | catch-up s |\n"
        + "|---|---|---|---|---|\n");
    for (SystemKind system : kinds) {
      System.err.println("recovery: " + system.cliName() + " (" + keys + " keys, " + entries + " entries behind)...");
      try (ManagedCluster cluster = system.start(jar, workDir.resolve(system.cliName()));
          KvTarget target = system.target(cluster.clientEndpoints(), Duration.ofSeconds(10))) {
        Recovery.Result r = Recovery.measure(cluster, target, keys, entries);
        table.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %d | %.2f |%n", r.system(), r.keys(),
            r.restartToReadySeconds(), r.entriesBehind(), r.catchUpSeconds()));
      } catch (IllegalStateException e) {
        System.err.println("perf: " + e.getMessage());
        return 1;
      }
    }
    Files.createDirectories(dirs.out);
    Files.writeString(dirs.out.resolve("recovery.md"), "# Recovery — " + Instant.now() + "\n\n" + table);
    System.out.print(table);
    return 0;
  }
}
