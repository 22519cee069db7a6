package io.meshkit.perf.compare;

import io.meshkit.perf.cluster.ProcessStats;
import io.meshkit.perf.load.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * CPU seconds each process spent inside a measurement window: a background thread reads them when
 * the window opens and when it closes, so warm-up and drain are not counted.
 */
final class CpuSampler {
  private final List<ProcessHandle> processes;
  private final Thread thread;
  private volatile double[] atStart;
  private volatile double[] atEnd;

  /** Starts sampling {@code processes} at {@code window}'s edges. */
  CpuSampler(List<ProcessHandle> processes, Window window) {
    this.processes = List.copyOf(processes);
    this.thread = new Thread(() -> {
      atStart = sampleAt(window.measureStart());
      atEnd = sampleAt(window.end());
    }, "cpu-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private double[] sampleAt(long nanoTime) {
    long wait;
    while ((wait = nanoTime - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
    return processes.stream().mapToDouble(p -> ProcessStats.cpuSeconds(p.pid())).toArray();
  }

  /** Each process's CPU seconds in the window; waits for the closing sample. */
  List<Double> cpuSeconds() throws InterruptedException {
    thread.join(TimeUnit.MINUTES.toMillis(1));
    List<Double> spent = new ArrayList<>();
    for (int i = 0; i < processes.size(); i++) {
      spent.add(atStart == null || atEnd == null ? Double.NaN : atEnd[i] - atStart[i]);
    }
    return spent;
  }
}
