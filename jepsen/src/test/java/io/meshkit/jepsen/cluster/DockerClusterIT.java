package io.meshkit.jepsen.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fault mechanics the nemeses use, each checked by its effect on a real three-node MeshKit
 * cluster in containers: kill -9 ends the server process and a restart brings it back healthy; a
 * partition makes a node unhealthy until healed; SIGSTOP silences a node until SIGCONT.
 */
class DockerClusterIT {
  private static DockerCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = DockerCluster.start(MeshkitArtifacts.program(), 3, MeshkitArtifacts.serverTarget(),
        MeshkitProgram.SERVER_DIR, Path.of("target/runs/docker-cluster-it"), Duration.ofSeconds(90));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void killNineThenRestartBringsTheNodeBack() throws Exception {
    ClusterNode node = cluster.nodes().get(0);
    OptionalLong before = node.programPid();
    assertTrue(before.isPresent(), "the server runs");

    node.killProgram();
    assertTrue(node.programPid().isEmpty(), "kill -9 ended the server");
    assertFalse(cluster.program().isHealthy(node.endpoint()));

    node.heal();
    cluster.awaitHealthy(Duration.ofSeconds(60));
    assertNotEquals(before, node.programPid(), "a new process serves");
  }

  @Test
  void isolatedNodeIsUnhealthyUntilHealed() throws Exception {
    ClusterNode isolated = cluster.nodes().get(1);
    for (ClusterNode other : cluster.nodes()) {
      if (other != isolated) {
        isolated.blockFrom(other.ip());
        other.blockFrom(isolated.ip());
      }
    }
    assertEquals(2, isolated.blockedSources().size());
    awaitUnhealthy(isolated);

    cluster.healAll();
    cluster.awaitHealthy(Duration.ofSeconds(60));
    assertTrue(isolated.blockedSources().isEmpty());
  }

  @Test
  void pausedNodeAnswersNothingUntilResumed() throws Exception {
    ClusterNode node = cluster.nodes().get(2);
    node.pauseProgram();
    assertFalse(cluster.program().isHealthy(node.endpoint()), "a stopped process cannot answer");
    node.resumeProgram();
    cluster.awaitHealthy(Duration.ofSeconds(60));
  }

  private static void awaitUnhealthy(ClusterNode node) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (cluster.program().isHealthy(node.endpoint())) {
      assertTrue(System.nanoTime() < deadline, node + " stayed healthy while isolated");
      Thread.sleep(200);
    }
  }
}
