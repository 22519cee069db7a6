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
}
