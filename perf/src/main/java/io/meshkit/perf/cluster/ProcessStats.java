package io.meshkit.perf.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and peak resident memory of a Linux process, from {@code /proc}. CPU is user + system
 * time in seconds ({@code /proc/<pid>/stat}, clock ticks of 1/100 s); peak RSS is {@code VmHWM}
 * from {@code /proc/<pid>/status}, which {@link #resetPeak} restarts from the current RSS (writing
 * {@code 5} to {@code clear_refs}, Linux 4.0+) so each run reads its own peak.
 */
public final class ProcessStats {
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcessStats() {}

  /** User + system CPU seconds so far; NaN when the process is gone or /proc is unreadable. */
  public static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** {@link #cpuSeconds} of the process and everything it forked (nginx's master and workers). */
  public static double treeCpuSeconds(ProcessHandle process) {
    return cpuSeconds(process.pid()) + process.descendants().mapToDouble(d -> cpuSeconds(d.pid())).sum();
  }

  /** Peak resident set size in MiB since start or the last {@link #resetPeak}; NaN when unknown. */
  public static double peakRssMib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return Double.NaN;
  }

  /** Restarts the peak RSS from the current RSS; silently does nothing where not permitted. */
  public static void resetPeak(long pid) {
    try {
      Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
    } catch (IOException | RuntimeException e) {
      // not our process or an old kernel: the peak then covers the process's whole life
    }
  }
}
