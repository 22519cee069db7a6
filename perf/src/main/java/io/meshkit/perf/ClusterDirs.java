package io.meshkit.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Options shared by the subcommands that start their own clusters: where the report goes, where the
 * clusters live, and which server jar to start. The work dir's default depends on the subcommand,
 * so it is given at construction ({@code perf/target/<name>-clusters}).
 */
final class ClusterDirs {
  @Option(names = "--out", paramLabel = "DIR", description = "Report directory (default: perf/target/report)")
  Path out = Path.of("perf/target/report");

  @Option(names = "--work-dir", paramLabel = "DIR", description = "Cluster data and logs, emptied first "
      + "(default: perf/target/<subcommand>-clusters)")
  Path workDir;

  @Option(names = "--server-jar", paramLabel = "JAR", description = "The built MeshKit server "
      + "(default: server/target/meshkit-server-<version>.jar; bin/perf builds it and sets it)")
  Path serverJar;

  /** The work dir, emptied, or {@code perf/target/<subcommand>-clusters}. */
  Path freshWorkDir(String subcommand) throws IOException {
    Path dir = workDir != null ? workDir : Path.of("perf/target/" + subcommand + "-clusters");
    deleteRecursively(dir);
    return dir;
  }

  /** The server jar from --server-jar or the property bin/perf sets; a usage error when neither is there. */
  Path serverJar(CommandLine commandLine) {
    if (serverJar != null) {
      return serverJar;
    }
    String configured = System.getProperty("meshkit.server.jar");
    if (configured == null || configured.isBlank()) {
      throw new CommandLine.ParameterException(commandLine,
          "say which server to start: --server-jar server/target/meshkit-server-<version>.jar (bin/perf sets it)");
    }
    return Path.of(configured);
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
