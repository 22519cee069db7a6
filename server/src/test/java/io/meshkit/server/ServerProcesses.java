package io.meshkit.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Three MeshKit members as separate OS processes, started from the built artifacts
 * ({@code target/meshkit-server-*.jar} plus {@code target/lib}) exactly as {@code bin/meshkit} runs
 * them. For tests of what only a real process can show: kill -9, restart from disk.
 */
final class ServerProcesses implements AutoCloseable {
  private final Path baseDir;
  private final List<PeerConfig> peers = new ArrayList<>();
  private final Process[] processes;

  ServerProcesses(int size, Path baseDir) throws IOException {
    this.baseDir = baseDir;
    List<Integer> ports = FreePorts.distinct(3 * size);
    for (int i = 0; i < size; i++) {
      peers.add(new PeerConfig("p" + (i + 1), "127.0.0.1:" + ports.get(3 * i), "127.0.0.1:" + ports.get(3 * i + 1),
          "127.0.0.1:" + ports.get(3 * i + 2)));
    }
    processes = new Process[size];
  }


  List<String> clientEndpoints() {
    return peers.stream().map(PeerConfig::clientAddress).toList();
  }

  String id(int i) {
    return peers.get(i).id();
  }

  void start(int i) throws IOException {
    Path target = Path.of("target").toAbsolutePath();
    Path jar;
    try (Stream<Path> files = Files.list(target)) {
      jar = files.filter(p -> p.getFileName().toString().matches("meshkit-server-.*(?<!-tests)\\.jar"))
          .findFirst().orElseThrow(() -> new IllegalStateException("no server jar in " + target
              + ": run the package phase first (mvn verify does)"));
    }
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", jar + ":" + target.resolve("lib") + "/*", "io.meshkit.server.Main", "server",
        "--node-id", peers.get(i).id(), "--cluster-name", "process-test",
        "--data-dir", baseDir.resolve(peers.get(i).id()).toString()));
    for (PeerConfig p : peers) {
      cmd.add("--peer");
      cmd.add("id=" + p.id() + ",raft=" + p.raftAddress() + ",client=" + p.clientAddress() + ",admin="
          + p.adminAddress());
    }
    Path log = baseDir.resolve(peers.get(i).id() + ".log");
    processes[i] = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }

  /** SIGKILL: no shutdown hook, no flush — the crash the durability promise is about. */
  void kill9(int i) throws InterruptedException {
    processes[i].destroyForcibly();
    processes[i].waitFor(30, TimeUnit.SECONDS);
  }

  boolean isAlive(int i) {
    return processes[i] != null && processes[i].isAlive();
  }

  String logTail(int i) {
    try {
      List<String> lines = Files.readAllLines(baseDir.resolve(peers.get(i).id() + ".log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : processes) {
      if (p != null) {
        p.destroy();
      }
    }
    for (Process p : processes) {
      if (p != null && !p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }
}
