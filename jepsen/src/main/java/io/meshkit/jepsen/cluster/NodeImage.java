package io.meshkit.jepsen.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The container image the cluster's nodes run: the test host's own JDK and the C libraries it needs,
 * imported with {@code docker import} (no registry is reachable, so nothing can be pulled). The
 * server's jars are not in the image; each node bind-mounts them, so a rebuild needs no new image.
 *
 * <p>Built once per Docker engine and reused; {@code docker rmi meshkit-jepsen-node:1} forces a rebuild
 * (after a JDK upgrade, say).
 */
public final class NodeImage {
  public static final String NAME = "meshkit-jepsen-node:1";

  /** Shared libraries of the host the JDK and RocksDB's JNI library link against. */
  private static final String LIBRARIES = "usr/lib/x86_64-linux-gnu/{libz,libc,libm,libdl,libpthread,librt,"
      + "libstdc++,libgcc_s}.so* usr/lib/x86_64-linux-gnu/ld-linux* usr/lib64";

  private NodeImage() {}

  /** Path of the JDK that goes into the image: the one running this JVM. */
  public static Path javaHome() {
    return Path.of(System.getProperty("java.home")).toAbsolutePath().normalize();
  }

  /** The java launcher inside a node (the same path as on the host). */
  public static String javaCommand() {
    return javaHome().resolve("bin/java").toString();
  }

  /** Makes sure the image exists; builds it (about 20 s) when it does not. */
  public static synchronized void ensure() {
    if (exists()) {
      return;
    }
    Path home = javaHome();
    List<String> parts = new ArrayList<>(List.of("lib", "lib64", "bin", "usr/bin/dash", "usr/bin/sh", "usr/bin/sleep",
        relative(home), LIBRARIES));
    // Debian's JDK keeps its configuration under /etc and links to it from java.home/conf.
    String release = home.getFileName().toString().replace("-amd64", "");
    if (Files.isDirectory(Path.of("/etc", release))) {
      parts.add("etc/" + release);
    }
    String tar = "cd / && tar -cf - --exclude='" + relative(home) + "/jmods' --exclude='" + relative(home)
        + "/legal' " + String.join(" ", parts) + " | docker import - " + NAME;
    HostCommand.run(600, List.of("bash", "-c", "set -o pipefail; " + tar));
    if (!exists()) {
      throw new IllegalStateException("docker import did not produce " + NAME + " (is the Docker engine running?)");
    }
  }

  private static boolean exists() {
    try {
      HostCommand.run(60, List.of("docker", "image", "inspect", NAME));
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private static String relative(Path absolute) {
    return absolute.toString().substring(1);
  }
}
