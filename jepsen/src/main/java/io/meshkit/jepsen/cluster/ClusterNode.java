package io.meshkit.jepsen.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * One node: a container that idles under an init process, and the database program, which runs as a
 * second process started with {@code docker exec}. Crashing the program therefore leaves the container
 * and its network namespace (with any partition rules) in place, as a crashed process on a real host
 * would. All faults are applied from the host: signals to the program's host pid, iptables rules
 * through {@code nsenter} into the node's network namespace.
 *
 * <p>Thread-safety: the methods a nemesis calls are synchronized per node.
 */
public final class ClusterNode {
  private final NodeProgram.NodeAddress address;
  private final NodeProgram program;
  private final GenericContainer<?> container;
  private final Path hostDir;
  private final Set<String> blockedSources = new TreeSet<>();
  private boolean paused;

  ClusterNode(NodeProgram.NodeAddress address, NodeProgram program, GenericContainer<?> container, Path hostDir) {
    this.address = address;
    this.program = program;
    this.container = container;
    this.hostDir = hostDir;
  }

  public String id() {
    return address.id();
  }

  public String ip() {
    return address.ip();
  }

  /** host:port clients dial. */
  public String endpoint() {
    return address.ip() + ":" + program.clientPort();
  }

  /** The node's directory on the host: config, data and {@code server.log}. */
  public Path hostDir() {
    return hostDir;
  }

  /** Starts the program unless it runs. Its output is appended to {@code server.log}. */
  public synchronized void startProgram() {
    if (programPid().isPresent()) {
      return;
    }
    DockerClient docker = DockerClientFactory.instance().client();
    String cmd = "exec " + program.commandLine(address) + " >> " + NodeProgram.NODE_DIR + "/server.log 2>&1";
    String execId = docker.execCreateCmd(container.getContainerId()).withCmd("sh", "-c", cmd).exec().getId();
    try {
      docker.execStartCmd(execId).withDetach(true).exec(new ResultCallback.Adapter<>()).awaitCompletion(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the program on " + id(), e);
    }
  }

  /** kill -9 of the program; returns once it is gone. No-op when it does not run. */
  public synchronized void killProgram() {
    OptionalLong pid = programPid();
    if (pid.isEmpty()) {
      return;
    }
    if (paused) {
      signal(pid.getAsLong(), "CONT");
      paused = false;
    }
    signal(pid.getAsLong(), "KILL");
    awaitGone(pid.getAsLong());
  }

  /** SIGSTOP of the program: it keeps its sockets but answers nothing. */
  public synchronized void pauseProgram() {
    programPid().ifPresent(pid -> {
      signal(pid, "STOP");
      paused = true;
    });
  }

  /** SIGCONT of a paused program. */
  public synchronized void resumeProgram() {
    if (paused) {
      programPid().ifPresent(pid -> signal(pid, "CONT"));
      paused = false;
    }
  }

  /** Drops every packet arriving from {@code sourceIp} (one side of a partition). */
  public synchronized void blockFrom(String sourceIp) {
    if (blockedSources.add(sourceIp)) {
      iptables("-A", "INPUT", "-s", sourceIp, "-j", "DROP");
    }
  }

  /** Removes every partition rule of this node. */
  public synchronized void unblockAll() {
    if (!blockedSources.isEmpty()) {
      iptables("-F", "INPUT");
      blockedSources.clear();
    }
  }

  /** The addresses this node currently drops packets from. */
  public synchronized Set<String> blockedSources() {
    return Set.copyOf(blockedSources);
  }

  /** Heals every fault of this node: resumes, restarts, unblocks. */
  public synchronized void heal() {
    resumeProgram();
    unblockAll();
    startProgram();
  }

  /** Host pid of the program, if it runs (a zombie counts as gone). */
  public OptionalLong programPid() {
    String namespace = pidNamespace(initPid());
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> namespace.equals(pidNamespace(Long.parseLong(p.getFileName().toString()))))
          .filter(p -> readProc(p.resolve("cmdline")).contains(program.processMarker()))
          .filter(p -> !readProc(p.resolve("stat")).matches("^\\d+ \\(.*\\) Z.*"))
          .mapToLong(p -> Long.parseLong(p.getFileName().toString()))
          .findFirst();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
    }
  }

  void stopContainer() {
    container.stop();
  }

  /** Host pid of the node's init process; it owns the node's namespaces. */
  private long initPid() {
    Long pid = container.getCurrentContainerInfo().getState().getPidLong();
    if (pid == null || pid <= 0) {
      throw new IllegalStateException("container of " + id() + " does not run");
    }
    return pid;
  }

  private void iptables(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("nsenter", "--net=/proc/" + initPid() + "/ns/net",
        "iptables", "-w"));
    command.addAll(List.of(args));
    HostCommand.run(30, command);
  }

  private static void signal(long pid, String signal) {
    HostCommand.run("kill", "-" + signal, Long.toString(pid));
  }

  private void awaitGone(long pid) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (programPid().isPresent()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("program of " + id() + " (pid " + pid + ") survived kill -9 for 30 s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  private static String pidNamespace(long pid) {
    try {
      return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "pid")).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return "";  // the process ended meanwhile, or is not ours to inspect
    }
  }

  private static String readProc(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public String toString() {
    return id() + "@" + ip();
  }
}
