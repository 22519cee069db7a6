package io.meshkit.jepsen.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtcdProgramTest {
  private static final List<NodeProgram.NodeAddress> NODES = List.of(
      new NodeProgram.NodeAddress("n1", "10.200.7.11"), new NodeProgram.NodeAddress("n2", "10.200.7.12"),
      new NodeProgram.NodeAddress("n3", "10.200.7.13"));

  @Test
  void configNamesEveryPeerAndListensOnTheNodesOwnAddress(@TempDir Path dir) throws Exception {
    new EtcdProgram().prepare(dir, NODES, NODES.get(1));
    String config = Files.readString(dir.resolve("etcd.yaml"));

    assertTrue(config.contains("name: n2\n"), config);
    assertTrue(config.contains("data-dir: " + NodeProgram.NODE_DIR + "/data\n"), config);
    assertTrue(config.contains("initial-cluster: n1=http://10.200.7.11:2380,n2=http://10.200.7.12:2380,"
        + "n3=http://10.200.7.13:2380\n"), config);
    assertTrue(config.contains("listen-client-urls: http://10.200.7.12:2379\n"), config);
    assertTrue(config.contains("advertise-client-urls: http://10.200.7.12:2379\n"), config);
    assertTrue(config.contains("initial-advertise-peer-urls: http://10.200.7.12:2380\n"), config);
    assertTrue(config.contains("initial-cluster-state: new\n"), config);
  }

  @Test
  void commandLineRunsTheMountedBinaryAndCarriesTheMarker() {
    EtcdProgram program = new EtcdProgram();
    String command = program.commandLine(NODES.get(0));
    assertTrue(command.startsWith(EtcdProgram.BINARY + " "), command);
    assertTrue(command.contains(NodeProgram.NODE_DIR + "/etcd.yaml"), command);
    assertTrue(command.contains(program.processMarker()), command);
  }

  @Test
  void probesOfAMemberThatDoesNotAnswerAreFalse() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    EtcdProgram program = new EtcdProgram();
    assertFalse(program.isHealthy("127.0.0.1:" + closedPort));
    assertFalse(program.isLeader("127.0.0.1:" + closedPort));
  }
}
