package io.meshkit.perf.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a run is on: one line describing it (cores, memory, CPU model, kernel, Java), its load. */
public final class Machine {
  private Machine() {}

  public static String describe() {
    return Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + "), "
        + memTotalGib() + " GiB, Linux " + System.getProperty("os.version") + ", Java " + Runtime.version();
  }

  /** The 1-minute load average ({@code /proc/loadavg}); NaN when unreadable. */
  public static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static String cpuModel() {
    return lineStartingWith(Path.of("/proc/cpuinfo"), "model name").map(l -> l.substring(l.indexOf(':') + 1).trim())
        .orElse("unknown CPU");
  }

  private static String memTotalGib() {
    return lineStartingWith(Path.of("/proc/meminfo"), "MemTotal:")
        .map(l -> String.format("%.0f", Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0)).orElse("?");
  }

  private static java.util.Optional<String> lineStartingWith(Path file, String prefix) {
    try (var lines = Files.lines(file)) {
      return lines.filter(l -> l.startsWith(prefix)).findFirst();
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }
}
