package io.meshkit.perf.cluster;

import java.util.List;

/**
 * A cluster the suite did not start (e.g. {@code bin/meshkit dev up}), known by its client
 * endpoints; its processes are read for CPU and memory only when their pids are given.
 */
public record RunningCluster(String system, List<String> clientEndpoints, List<Long> pids) implements LocalCluster {
  @Override
  public List<ProcessHandle> processes() {
    return pids.stream().map(ProcessHandle::of).flatMap(java.util.Optional::stream).toList();
  }

  @Override
  public String description() {
    return system + " at " + String.join(",", clientEndpoints);
  }

  @Override
  public void close() {
    // not ours to stop
  }
}
