package io.meshkit.jepsen.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One member of a {@link LocalCluster}: a MeshKit server process on this host, found through its pid
 * file. Faults are signals to that pid, sent only while the pid's command line is still this member's
 * ({@link MemberCommandLine}); a pid that has gone or now runs something else reads as "not running"
 * and is never signalled. A killed member is restarted with the command line, executable and working
 * directory its first process had, its output appended to its log, and its new pid written to its pid
 * file (so {@code bin/meshkit dev status} and {@code dev down} keep working). A member found stopped
 * (SIGSTOP, e.g. left so by an interrupted run) is refused rather than resumed: this run did not stop it.
 *
 * <p>Thread-safety: the methods a nemesis calls are synchronized.
 */
public final class LocalMember implements TestNode {
  private static final Path SETSID = Path.of("/usr/bin/setsid");
  private final String id;
  private final String endpoint;
  private final MemberCommandLine identity;
  private final Path pidFile;
  private final Path log;
  /** The executable and arguments that start this member again. */
  private final List<String> command;
  private final Path workingDir;
  private long pid;
  private boolean paused;

  private LocalMember(String id, String endpoint, MemberCommandLine identity, Path pidFile, Path log, long pid,
      List<String> command, Path workingDir) {
    this.id = id;
    this.endpoint = endpoint;
    this.identity = identity;
    this.pidFile = pidFile;
    this.log = log;
    this.pid = pid;
    this.command = List.copyOf(command);
    this.workingDir = workingDir;
  }

  /**
   * The member whose running server's pid is in {@code pidFile}; its command line is recorded for restarts.
   *
   * @throws IllegalArgumentException when the pid file is missing, its process has ended, or it is not this
   *     member's server (the message names the problem and the fix; nothing is signalled)
   */
  static LocalMember attach(String id, String endpoint, MemberCommandLine identity, Path pidFile, Path log) {
    long pid = readPid(id, pidFile);
    if (!ProcFs.isRunning(pid)) {
      throw new IllegalArgumentException("member " + id + " does not run (pid " + pid + " in " + pidFile
          + " has ended): start the quorum with bin/meshkit dev up, then rerun");
    }
    List<String> arguments = ProcFs.arguments(pid);
    Path cwd = ProcFs.link(pid, "cwd").orElse(Path.of("/"));
    if (!identity.matches(arguments, cwd)) {
      throw new IllegalArgumentException("pid " + pid + " in " + pidFile + " is not member " + id + " (its command "
          + "line does not run " + identity.describe() + "); refusing to signal it: fix or delete the pid file "
          + "(bin/meshkit dev status shows the quorum)");
    }
    if (ProcFs.state(pid).orElse('?') == 'T') {
      throw new IllegalArgumentException("member " + id + " (pid " + pid + ") is stopped (SIGSTOP), perhaps by an "
          + "interrupted chaos run: kill -CONT " + pid + ", then rerun");
    }
    Path executable = ProcFs.link(pid, "exe").orElseThrow(() -> new IllegalArgumentException(
        "cannot read the executable of member " + id + " (pid " + pid + "): run the chaos run as its user"));
    List<String> command = new ArrayList<>(arguments);
    command.set(0, executable.toString());
    return new LocalMember(id, endpoint, identity, pidFile, log, pid, command, cwd);
  }

  private static long readPid(String id, Path pidFile) {
    String text;
    try {
      text = Files.readString(pidFile, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException("member " + id + " does not run (cannot read " + pidFile + "): start the "
          + "quorum with bin/meshkit dev up, then rerun");
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(pidFile + " holds '" + text + "', not a pid: bin/meshkit dev down and "
          + "dev up rewrite it");
    }
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String endpoint() {
    return endpoint;
  }

  @Override
  public Path log() {
    return log;
  }

  /** The pid of this member's server as last started or found; it may have ended since. */
  public synchronized long pid() {
    return pid;
  }

  /** The executable and arguments a restart runs: those of the process found at start. */
  public List<String> command() {
    return command;
  }

  /** Whether this member's server runs: the pid lives and its command line is still this member's. */
  public synchronized boolean runs() {
    return ProcFs.isRunning(pid) && identity.matches(ProcFs.arguments(pid), ProcFs.link(pid, "cwd").orElse(workingDir));
  }

  /**
   * Starts the member again unless it runs, in a session of its own ({@code setsid}, which execs in place:
   * the pid stays), so that a Ctrl-C of the chaos run does not reach it, as none reaches the members of
   * {@code dev up}.
   *
   * @throws IllegalStateException when the new process does not run the recorded command line within 5 s
   *     (it exited: its log says why)
   */
  @Override
  public synchronized void startProgram() {
    if (runs()) {
      return;
    }
    List<String> launch = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      launch.add(SETSID.toString());
    }
    launch.addAll(command);
    try {
      Process process = new ProcessBuilder(launch).directory(workingDir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      pid = process.pid();
      paused = false;
      Files.writeString(pidFile, pid + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restart member " + id + " with " + String.join(" ", command) + ": "
          + e.getMessage(), e);
    }
    awaitRuns();
  }

  /** Waits until the new process has executed the recorded command (setsid replaces itself with it). */
  private void awaitRuns() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!ProcFs.arguments(pid).equals(command) || !runs()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("member " + id + " restarted as pid " + pid + " but does not run "
            + identity.describe() + "; see " + log);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while restarting member " + id, e);
      }
    }
  }

  @Override
  public synchronized void killProgram() {
    if (!runs()) {
      return;
    }
    long victim = pid;
    ProcFs.signal(victim, "KILL");
    ProcFs.awaitGone(victim, id, () -> !ProcFs.isRunning(victim));
    paused = false;
  }

  @Override
  public synchronized void pauseProgram() {
    if (runs()) {
      ProcFs.signal(pid, "STOP");
      paused = true;
      ProcFs.awaitStopped(pid, id, true);
    }
  }

  @Override
  public synchronized void resumeProgram() {
    if (paused && runs()) {
      ProcFs.signal(pid, "CONT");
      ProcFs.awaitStopped(pid, id, false);
    }
    paused = false;
  }

  @Override
  public synchronized void heal() {
    resumeProgram();
    startProgram();
  }

  @Override
  public boolean isHealthy() {
    return MeshkitProgram.healthy(endpoint);
  }

  @Override
  public boolean isLeader() {
    return MeshkitProgram.leads(endpoint);
  }

  @Override
  public String toString() {
    return id + "@" + endpoint;
  }
}
