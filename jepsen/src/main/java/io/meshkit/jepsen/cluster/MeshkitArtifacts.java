package io.meshkit.jepsen.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Finds the built server ({@code server/target/meshkit-server-<version>.jar} and its {@code lib/})
 * that the nodes mount. The project root is the system property {@code meshkit.root} (set by the
 * build and by {@code bin/jepsen}), else the working directory or its parent.
 */
public final class MeshkitArtifacts {
  private MeshkitArtifacts() {}

  /** The server's {@code target} directory. */
  public static Path serverTarget() {
    String root = System.getProperty("meshkit.root");
    for (Path candidate : root != null ? new Path[] {Path.of(root)} : new Path[] {Path.of("."), Path.of("..")}) {
      Path target = candidate.resolve("server/target").toAbsolutePath().normalize();
      if (Files.isDirectory(target.resolve("lib"))) {
        return target;
      }
    }
    throw new IllegalStateException("the server is not built (no server/target/lib under "
        + (root != null ? root : "the working directory") + "): run 'mvn -DskipUTs -DskipITs package' first");
  }

  /** A MeshKit program that runs the jar found in {@link #serverTarget()}. */
  public static MeshkitProgram program() throws IOException {
    try (Stream<Path> files = Files.list(serverTarget())) {
      String jar = files.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("meshkit-server-") && n.endsWith(".jar") && !n.endsWith("-tests.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no meshkit-server-*.jar in " + serverTarget()
              + ": run 'mvn -DskipUTs -DskipITs package' first"));
      return new MeshkitProgram(jar);
    }
  }
}
