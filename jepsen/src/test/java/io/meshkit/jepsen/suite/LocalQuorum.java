package io.meshkit.jepsen.suite;

import io.meshkit.jepsen.cluster.MeshkitArtifacts;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Three MeshKit members as OS processes from the built server ({@code server/target}), laid out in a
 * directory exactly as {@code bin/meshkit dev up} lays out {@code .meshkit-dev}: {@code n<i>.yaml},
 * {@code n<i>.pid}, {@code n<i>.log}, data in {@code n<i>/}; but on free ports, never the dev ports
 * 7001-7003 that a developer's quorum may hold. {@link #close()} stops whatever process each pid file
 * names at the end (a chaos run rewrites them when it restarts a member).
 */
final class LocalQuorum implements AutoCloseable {
  private final Path dir;

  private LocalQuorum(Path dir) {
    this.dir = dir;
  }

  /** Writes the configs and starts the three members; does not wait for them. */
  static LocalQuorum start(Path dir) throws IOException {
    LocalQuorum quorum = new LocalQuorum(dir);
    List<Integer> ports = freePorts(12);
    StringBuilder initial = new StringBuilder("initialCluster:\n");
    for (int i = 1; i <= 3; i++) {
      initial.append("  - {id: n").append(i).append(", raftAddress: 127.0.0.1:").append(ports.get(4 * i - 3))
          .append(", clientAddress: 127.0.0.1:").append(ports.get(4 * i - 4))
          .append(", adminAddress: 127.0.0.1:").append(ports.get(4 * i - 2))
          .append(", gossipAddress: 127.0.0.1:").append(ports.get(4 * i - 1)).append("}\n");
    }
    for (int i = 1; i <= 3; i++) {
      String id = "n" + i;
      Files.writeString(dir.resolve(id + ".yaml"), "# Member " + id + " of a test quorum laid out as dev up does.\n"
          + "nodeId: " + id + "\nclusterName: chaos-test\ndataDir: " + dir.resolve(id) + "\n"
          + "clientAddress: 127.0.0.1:" + ports.get(4 * i - 4) + "\nraftAddress: 127.0.0.1:" + ports.get(4 * i - 3)
          + "\nadminAddress: 127.0.0.1:" + ports.get(4 * i - 2) + "\ngossipAddress: 127.0.0.1:" + ports.get(4 * i - 1)
          + "\n" + initial + "electionTimeoutMin: 1s\nelectionTimeoutMax: 2s\n");
      quorum.startMember(id);
    }
    return quorum;
  }

  Path dir() {
    return dir;
  }

  private void startMember(String id) throws IOException {
    Path target = MeshkitArtifacts.serverTarget();
    String jar;
    try (Stream<Path> files = Files.list(target)) {
      jar = files.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("meshkit-server-") && n.endsWith(".jar") && !n.endsWith("-tests.jar"))
          .findFirst().orElseThrow(() -> new IllegalStateException("no server jar in " + target));
    }
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms64m", "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp", target.resolve(jar) + ":" + target.resolve("lib")
        + "/*", "io.meshkit.server.Main", "server", "--config", dir.resolve(id + ".yaml").toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(id + ".log").toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    Files.writeString(dir.resolve(id + ".pid"), process.pid() + "\n");
  }

  private static List<Integer> freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }

  /** The end of member {@code id}'s log, for failure messages. */
  String logTail(String id) {
    try {
      List<String> lines = Files.readAllLines(dir.resolve(id + ".log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Stops (SIGTERM, then SIGKILL after 20 s) the server each pid file names, if it still runs this quorum's config. */
  @Override
  public void close() throws IOException {
    List<ProcessHandle> running = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Path pidFile = dir.resolve("n" + i + ".pid");
      String config = dir.resolve("n" + i + ".yaml").toString();
      if (Files.exists(pidFile)) {
        ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
            .filter(p -> p.info().arguments().map(a -> List.of(a).contains(config)).orElse(false))
            .ifPresent(running::add);
      }
    }
    running.forEach(ProcessHandle::destroy);
    for (ProcessHandle p : running) {
      try {
        p.onExit().get(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        p.destroyForcibly();
      }
    }
  }
}
