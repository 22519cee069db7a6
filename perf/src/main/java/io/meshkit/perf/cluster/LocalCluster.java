package io.meshkit.perf.cluster;

import java.util.List;

/** A three-member cluster of local processes on loopback that the suite started and stops. */
public interface LocalCluster extends AutoCloseable {
  /** {@code meshkit} or {@code etcd}: the name reports use. */
  String system();

  /** Each member's client address, {@code 127.0.0.1:port}, in member order. */
  List<String> clientEndpoints();

  /** The members' processes, in member order, for CPU and memory readings. */
  List<ProcessHandle> processes();

  /** A line describing the version and settings, for the report. */
  String description();

  @Override
  void close();
}
