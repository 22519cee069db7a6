package io.meshkit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * meshctl as a separate JVM process, started the way {@code bin/meshctl} starts it: the module's jar
 * plus {@code target/lib} when the package phase built them (integration tests run after it), else
 * this JVM's class path. Stdout and stderr go to files, so the test reads what was printed so far
 * while the process runs. For what only a real process shows: SIGKILL, SIGTERM, the shutdown hook.
 */
final class MeshctlProcess implements AutoCloseable {
  private final Process process;
  private final Path out;
  private final Path err;

  private MeshctlProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** Starts {@code meshctl args...}; output goes to {@code dir/name.out} and {@code dir/name.err}. */
  static MeshctlProcess start(Path dir, String name, List<String> args) throws IOException {
    Files.createDirectories(dir);
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m", "-cp", classPath(), Meshctl.class.getName()));
    command.addAll(args);
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    return new MeshctlProcess(process, out, err);
  }

  private static String classPath() throws IOException {
    Path target = Path.of("target").toAbsolutePath();
    if (Files.isDirectory(target.resolve("lib"))) {
      try (Stream<Path> files = Files.list(target)) {
        List<Path> jars = files.filter(p -> p.getFileName().toString().matches("meshkit-cli-.*(?<!-tests)\\.jar"))
            .toList();
        if (jars.size() == 1) {
          return jars.get(0) + ":" + target.resolve("lib") + "/*";
        }
      }
    }
    return System.getProperty("java.class.path");
  }

  String out() {
    return read(out);
  }

  String err() {
    return read(err);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  Process process() {
    return process;
  }

  /** SIGKILL: no shutdown hook runs, nothing is resigned or revoked. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, as Ctrl-C: the shutdown hook runs; returns the exit code, or -1 if it did not end in time. */
  int terminate() throws InterruptedException {
    process.destroy();
    return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  @Override
  public String toString() {
    return "--- stdout ---\n" + out() + "--- stderr ---\n" + err();
  }

  /** Kills the process if it still runs (a test's finally). */
  @Override
  public void close() {
    try {
      kill9();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
