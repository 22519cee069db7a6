package io.meshkit.perf.cluster;

import java.io.IOException;

/** A {@link LocalCluster} whose members the suite started and can stop, restart and inspect. */
public interface ManagedCluster extends LocalCluster {
  /** Stops member {@code i} and waits until its process has exited. */
  void stopMember(int i) throws InterruptedException;

  /** Starts member {@code i} again with its original command, data and ports. */
  void startMember(int i) throws IOException;

  /** Whether member {@code i} answers its readiness probe (MeshKit {@code /readyz}, etcd {@code /health}). */
  boolean ready(int i);

  /** Member {@code i}'s own view of its Raft progress, or empty when it does not answer. */
  java.util.Optional<RaftProgress> progress(int i);

  /** A member's role and the last log index it applied. */
  record RaftProgress(boolean leader, long appliedIndex) {}
}
