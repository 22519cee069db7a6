package io.meshkit.jepsen.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command on the test host (iptables through nsenter, signals, docker import) and fails
 * loudly when it does not succeed: a nemesis that silently did nothing would make a run look safer
 * than it was.
 */
public final class HostCommand {
  private HostCommand() {}

  /**
   * Runs {@code command}, waits up to {@code timeoutSeconds} and returns its combined output.
   *
   * @throws IllegalStateException if it cannot start, times out or exits non-zero (the message has
   *     the command and its output)
   */
  public static String run(long timeoutSeconds, List<String> command) {
    Path output;
    Process process;
    try {
      output = Files.createTempFile("meshkit-jepsen-cmd", ".out");
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
    }
    try {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " took over " + timeoutSeconds + " s");
      }
      String text = Files.readString(output, StandardCharsets.UTF_8).strip();
      if (process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ": " + text);
      }
      return text;
    } catch (IOException e) {
      throw new IllegalStateException("reading the output of " + String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
    } finally {
      try {
        Files.deleteIfExists(output);
      } catch (IOException ignored) {
        // A temp file left behind is harmless.
      }
    }
  }

  /** {@link #run(long, List)} with a 60 s timeout. */
  public static String run(String... command) {
    return run(60, List.of(command));
  }
}
