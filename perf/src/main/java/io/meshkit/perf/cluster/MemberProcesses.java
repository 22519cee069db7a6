package io.meshkit.perf.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * The OS processes of a local cluster: started with their output in {@code <dir>/<id>.log}, awaited
 * until every member answers its readiness probe, stopped with SIGTERM then SIGKILL. A member that
 * exits while the cluster starts fails the start with the end of its log. If the suite's JVM is
 * stopped (Ctrl-C, SIGTERM) before {@link #close}, a shutdown hook kills the members, so no cluster
 * outlives the run. A member that forks (nginx's workers) is killed with its descendants when it has
 * to be killed; SIGTERM alone is left to the member to pass on.
 */
final class MemberProcesses implements AutoCloseable {
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private final Path dir;
  private final List<String> ids;
  private final List<Process> processes = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<List<String>> commands = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Thread killOnExit = new Thread(() -> processes.forEach(MemberProcesses::kill), "stop-members");

  MemberProcesses(Path dir, List<String> ids) {
    this.dir = dir;
    this.ids = List.copyOf(ids);
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /** Starts member {@code i} (the next one, in order) with {@code command}; output to {@code <id>.log}. */
  void start(int i, List<String> command) throws IOException {
    commands.add(List.copyOf(command));
    processes.add(launch(i));
  }

  private Process launch(int i) throws IOException {
    Path log = dir.resolve(ids.get(i) + ".log");
    return new ProcessBuilder(commands.get(i)).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }

  /** Stops member {@code i} (SIGTERM, SIGKILL after the grace) and waits until it has exited. */
  void stop(int i) throws InterruptedException {
    Process p = processes.get(i);
    p.destroy();
    if (!p.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
      kill(p).waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /** SIGKILL to the process and everything it forked. */
  private static Process kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    return p.destroyForcibly();
  }

  /** Starts member {@code i} again with its first command (same data directory and ports). */
  void restart(int i) throws IOException {
    processes.set(i, launch(i));
  }

  /**
   * Waits until {@code ready} holds for every member index.
   *
   * @throws IllegalStateException naming the member and quoting its log when one exits or the time is up
   */
  void awaitReady(IntPredicate ready, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean[] done = new boolean[processes.size()];
    int remaining = processes.size();
    while (remaining > 0) {
      for (int i = 0; i < processes.size(); i++) {
        if (done[i]) {
          continue;
        }
        if (!processes.get(i).isAlive()) {
          throw new IllegalStateException("member " + ids.get(i) + " exited with status "
              + processes.get(i).exitValue() + "; the end of its log says:\n" + logTail(i));
        }
        if (ready.test(i)) {
          done[i] = true;
          remaining--;
        }
      }
      if (remaining > 0) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the cluster was not ready after " + timeout.toSeconds()
              + " s; logs are in " + dir);
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
    }
  }

  List<ProcessHandle> handles() {
    return processes.stream().map(Process::toHandle).toList();
  }

  private String logTail(int i) {
    try {
      List<String> lines = Files.readAllLines(dir.resolve(ids.get(i) + ".log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook runs anyway
    }
    processes.forEach(Process::destroy);
    for (Process p : processes) {
      try {
        if (!p.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
          kill(p).waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        kill(p);
        Thread.currentThread().interrupt();
      }
    }
  }
}
