package io.meshkit.jepsen.cluster;

import java.nio.file.Path;

/**
 * One member of a {@link TestCluster}: a database server process that nemeses may crash, restart, freeze
 * and resume. Implementations: {@link ClusterNode} (a container's program) and {@link LocalMember} (a
 * process on this host). Every method a nemesis calls is safe to call from the nemesis thread while
 * clients run, and each is a no-op when there is nothing to do (killing a dead program, resuming a
 * running one).
 */
public interface TestNode {
  /** The member's name, e.g. {@code n1}; fault records name members by it. */
  String id();

  /** host:port clients dial. */
  String endpoint();

  /** The server's log, for messages that send an operator to it. */
  Path log();

  /** Starts the server on its data unless it runs. */
  void startProgram();

  /** kill -9 of the server; returns once it is gone. */
  void killProgram();

  /** SIGSTOP of the server: it keeps its sockets but answers nothing. */
  void pauseProgram();

  /** SIGCONT of a server this node paused. */
  void resumeProgram();

  /** Heals every fault of this node: resumes, unblocks (where partitions exist), restarts. */
  void heal();

  /** Whether the server serves linearizable requests now; false when it does not answer within a second or two. */
  boolean isHealthy();

  /** Whether the server answers that it leads; false when it does not answer. */
  boolean isLeader();
}
