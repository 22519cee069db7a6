package io.meshkit.jepsen.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What {@code /proc} says about a host process, and signals to it: the pieces the process nemeses
 * share. Reads never throw for a process that ended meanwhile: it just reads as gone.
 */
final class ProcFs {
  private ProcFs() {}

  /** Whether {@code pid} runs (stopped counts) and is neither a zombie nor dead. */
  static boolean isRunning(long pid) {
    return state(pid).map(s -> s != 'Z' && s != 'X').orElse(false);
  }

  /** The state letter of {@code /proc/<pid>/stat} (R, S, T, Z, ...), if the process exists. */
  static Optional<Character> state(long pid) {
    String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
    int comm = stat.lastIndexOf(')');  // the command name in parentheses may itself hold ") "
    return comm > 0 && comm + 2 < stat.length() ? Optional.of(stat.charAt(comm + 2)) : Optional.empty();
  }

  /** The arguments {@code pid} was started with (argv[0] first); empty when it is gone. */
  static List<String> arguments(long pid) {
    String raw = read(Path.of("/proc", Long.toString(pid), "cmdline"));
    return raw.isEmpty() ? List.of() : List.of(raw.split("\0"));
  }

  /** {@code /proc/<pid>/<link>} resolved (e.g. {@code exe}, {@code cwd}), if the process still runs. */
  static Optional<Path> link(long pid, String link) {
    try {
      return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), link)));
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  /** The whole of a /proc file, or "" when the process is gone or not ours to inspect. */
  static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** {@code kill -<signal> <pid>}, failing loudly when it does not succeed. */
  static void signal(long pid, String signal) {
    HostCommand.run("kill", "-" + signal, Long.toString(pid));
  }

  /**
   * Waits up to 30 s until {@code gone} says so after a kill -9 of {@code pid}.
   *
   * @throws IllegalStateException naming {@code who} when it survives
   */
  static void awaitGone(long pid, String who, java.util.function.BooleanSupplier gone) {
    await(gone, "program of " + who + " (pid " + pid + ") survived kill -9 for 30 s");
  }

  /**
   * Waits up to 30 s until {@code pid} shows as stopped (T) after a SIGSTOP, or as not stopped after a
   * SIGCONT ({@code stopped} false): signals are delivered asynchronously, and a caller that goes on at
   * once may find the process as it was. A process that is gone ends the wait.
   *
   * @throws IllegalStateException naming {@code who} when it does not get there
   */
  static void awaitStopped(long pid, String who, boolean stopped) {
    await(() -> state(pid).map(s -> (s == 'T') == stopped).orElse(true), "program of " + who + " (pid " + pid
        + ") did not " + (stopped ? "stop within 30 s of SIGSTOP" : "resume within 30 s of SIGCONT"));
  }

  private static void await(java.util.function.BooleanSupplier done, String failure) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(failure);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }
}
