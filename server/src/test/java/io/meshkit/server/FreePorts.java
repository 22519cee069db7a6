package io.meshkit.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Loopback ports that were free a moment ago, all different: the sockets are held open together
 * while the ports are picked, so the OS cannot hand out one port twice. Another process may still
 * take one before the member binds it; {@link MiniCluster} retries such a start.
 */
public final class FreePorts {
  private FreePorts() {}

  public static List<Integer> distinct(int count) throws IOException {
    List<ServerSocket> held = new ArrayList<>();
    try {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ServerSocket s = new ServerSocket(0);
        held.add(s);
        ports.add(s.getLocalPort());
      }
      return ports;
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
  }

  /**
   * {@code size} members on loopback named {@code prefix}1.., each with its own free raft, client,
   * admin and gossip port.
   */
  static List<PeerConfig> peers(String prefix, int size) throws IOException {
    List<Integer> ports = distinct(4 * size);
    List<PeerConfig> peers = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      peers.add(new PeerConfig(prefix + (i + 1), "127.0.0.1:" + ports.get(4 * i), "127.0.0.1:" + ports.get(4 * i + 1),
          "127.0.0.1:" + ports.get(4 * i + 2), "127.0.0.1:" + ports.get(4 * i + 3)));
    }
    return peers;
  }
}
