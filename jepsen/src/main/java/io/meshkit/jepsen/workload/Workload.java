package io.meshkit.jepsen.workload;

import io.meshkit.jepsen.History;
import io.meshkit.jepsen.report.CheckSection;
import java.io.IOException;
import java.util.List;

/**
 * A workload: client operations under test, any final reads once the cluster is healed, and the
 * checkers that judge what happened.
 */
public interface Workload {
  /** Name as given on the command line. */
  String name();

  /** Issues operations for {@code ctx.duration()}, recording each in {@code ctx.recorder()}. */
  void run(WorkloadContext ctx) throws InterruptedException;

  /** Runs after every fault is healed and the cluster is healthy again (e.g. the set's final read). */
  default void finish(WorkloadContext ctx) throws InterruptedException {}

  /** Judges the history; may write supporting files into {@code ctx.runDir()}. */
  List<CheckSection> check(History history, WorkloadContext ctx) throws IOException;
}
