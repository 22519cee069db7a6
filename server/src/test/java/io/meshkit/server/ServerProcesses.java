package io.meshkit.server;

import io.meshkit.proto.v1.ClusterGrpc;
import io.meshkit.proto.v1.MemberStatusRequest;
import io.meshkit.proto.v1.MemberStatusResponse;
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
 * them, gossip on. For tests of what only a real process can show: kill -9, SIGSTOP, restart from disk.
 */
final class ServerProcesses implements AutoCloseable {
  private final Path baseDir;
  private final String clusterName;
  private final List<PeerConfig> peers = new ArrayList<>();
  private final Process[] processes;

  ServerProcesses(int size, Path baseDir) throws IOException {
    this(size, baseDir, clusterName());
  }

  /** {@code size} members of the cluster named {@code clusterName} (its id in a federation). */
  ServerProcesses(int size, Path baseDir, String clusterName) throws IOException {
    this.baseDir = baseDir;
    this.clusterName = clusterName;
    peers.addAll(FreePorts.peers("p", size));
    processes = new Process[size];
  }


  List<String> clientEndpoints() {
    return peers.stream().map(PeerConfig::clientAddress).toList();
  }

  /** Member {@code i}'s admin HTTP address (host:port). */
  String adminAddress(int i) {
    return peers.get(i).adminAddress();
  }

  String id(int i) {
    return peers.get(i).id();
  }

  /** The members' gossip (UDP) addresses, for extra gossip members to join through. */
  List<String> gossipAddresses() {
    return peers.stream().map(PeerConfig::gossipAddress).toList();
  }

  /** The Raft group (and gossip cluster) name the processes run with. */
  static String clusterName() {
    return "process-test";
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
        "--node-id", peers.get(i).id(), "--cluster-name", clusterName,
        "--data-dir", baseDir.resolve(peers.get(i).id()).toString()));
    for (PeerConfig p : peers) {
      cmd.add("--peer");
      cmd.add("id=" + p.id() + ",raft=" + p.raftAddress() + ",client=" + p.clientAddress() + ",admin="
          + p.adminAddress() + ",gossip=" + p.gossipAddress());
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

  /** SIGSTOP: the process keeps its sockets but answers nothing until {@link #resume}. */
  void pause(int i) throws IOException, InterruptedException {
    signal(i, "STOP");
  }

  /** SIGCONT. */
  void resume(int i) throws IOException, InterruptedException {
    signal(i, "CONT");
  }

  private void signal(int i, String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(processes[i].pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + signal + " " + processes[i].pid() + " failed");
    }
  }

  /**
   * The index of the running member (other than {@code exclude}, -1 for none) that reports itself
   * leader, polled through {@code stubs} for up to 90 s.
   */
  int awaitLeader(KvStubs stubs, int exclude) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < processes.length; i++) {
        if (i == exclude || !isAlive(i)) {
          continue;
        }
        try {
          MemberStatusResponse s = ClusterGrpc.newBlockingStub(stubs.channel(i))
              .withDeadlineAfter(2, TimeUnit.SECONDS).memberStatus(MemberStatusRequest.getDefaultInstance());
          if ("LEADER".equals(s.getRole())) {
            return i;
          }
        } catch (RuntimeException notYet) {
          // Starting up, or paused.
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no leader among the processes:\n" + logTail(0));
  }

  boolean isAlive(int i) {
    return processes[i] != null && processes[i].isAlive();
  }

  String logTail(int i) {
    try {
      List<String> lines = Files.readAllLines(baseDir.resolve(peers.get(i).id() + ".log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
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
