package io.meshkit.jepsen.workload;

import io.meshkit.jepsen.History;
import io.meshkit.jepsen.cluster.TestCluster;
import io.meshkit.jepsen.nemesis.Nemesis;
import io.meshkit.jepsen.report.CheckSection;
import java.io.IOException;
import java.util.List;

/**
 * A workload: client operations under test, any final reads once the cluster is healed, and the
 * checkers that judge what happened. A run calls {@link #setUp}, {@link #nemesis}, then (faults
 * starting) {@link #run}, then (every fault healed, the cluster healthy) {@link #finish} and
 * {@link #check}, and in any case {@link #tearDown} last.
 */
public interface Workload {
  /** Name as given on the command line. */
  String name();

  /**
   * Before any fault: starts what the workload needs beside the cluster under test (the federation
   * workload: a second cluster on its network). Most workloads set up in {@link #run}, under faults.
   */
  default void setUp(TestCluster<?> cluster, WorkloadContext ctx) throws IOException, InterruptedException {}

  /**
   * The faults to run: {@code selected} (from {@code --nemesis}; null for none), or a composition with
   * faults of the workload's own.
   */
  default Nemesis nemesis(Nemesis selected) {
    return selected;
  }

  /** Issues operations for {@code ctx.duration()}, recording each in {@code ctx.recorder()}. */
  void run(WorkloadContext ctx) throws InterruptedException;

  /** Runs after every fault is healed and the cluster is healthy again (e.g. the set's final read). */
  default void finish(WorkloadContext ctx) throws InterruptedException {}

  /** Judges the history; may write supporting files into {@code ctx.runDir()}. */
  List<CheckSection> check(History history, WorkloadContext ctx) throws IOException;

  /** Stops whatever {@link #setUp} started; called once, last, whatever happened before. */
  default void tearDown() {}
}
