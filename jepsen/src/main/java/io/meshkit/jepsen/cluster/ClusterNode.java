package io.meshkit.jepsen.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import java.io.IOException;
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
public final class ClusterNode implements TestNode {
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

  @Override
  public String id() {
    return address.id();
  }

  public String ip() {
    return address.ip();
  }

  @Override
  public String endpoint() {
    return address.ip() + ":" + program.clientPort();
  }

  /** The node's directory on the host: config, data and {@code server.log}. */
  public Path hostDir() {
    return hostDir;
  }

  @Override
  public Path log() {
    return hostDir.resolve("server.log");
  }

  @Override
  public boolean isHealthy() {
    return program.isHealthy(endpoint());
  }

  @Override
  public boolean isLeader() {
    return program.isLeader(endpoint());
  }

  /** Starts the program unless it runs. Its output is appended to {@code server.log}. */
  @Override
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
  @Override
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
  @Override
  public synchronized void pauseProgram() {
    programPid().ifPresent(pid -> {
      signal(pid, "STOP");
      paused = true;
    });
  }

  /** SIGCONT of a paused program. */
  @Override
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
  @Override
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
          .mapToLong(p -> Long.parseLong(p.getFileName().toString()))
          .filter(pid -> String.join(" ", ProcFs.arguments(pid)).contains(program.processMarker()))
          .filter(ProcFs::isRunning)
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
    ProcFs.signal(pid, signal);
  }

  private void awaitGone(long pid) {
    ProcFs.awaitGone(pid, id(), () -> programPid().isEmpty());
  }

  private static String pidNamespace(long pid) {
    return ProcFs.link(pid, "ns/pid").map(Path::toString).orElse("");  // "": ended meanwhile, or not ours
  }

  @Override
  public String toString() {
    return id() + "@" + ip();
  }
}
