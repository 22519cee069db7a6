package io.meshkit.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** host:port addresses: syntax checks and "is the port free" probes, with operator-facing messages. */
final class Addresses {
  private Addresses() {}

  static void check(String address, String field) throws ConfigException {
    if (address == null || address.isBlank()) {
      throw new ConfigException(field + " is missing: give it as host:port, e.g. 127.0.0.1:7001");
    }
    int colon = address.lastIndexOf(':');
    if (colon <= 0) {
      throw new ConfigException(field + " '" + address + "' is not host:port, e.g. 127.0.0.1:7001");
    }
    try {
      int port = Integer.parseInt(address.substring(colon + 1));
      if (port <= 0 || port > 65535) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw new ConfigException(field + " '" + address + "' has no valid port (1-65535)");
    }
  }

  static InetSocketAddress parse(String address) {
    int colon = address.lastIndexOf(':');
    return new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
  }

  /** Fails with a clear message when {@code address} cannot be bound right now. */
  static void requireFree(String address, String role) throws ConfigException {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(parse(address));
    } catch (IOException e) {
      throw new ConfigException(role + " " + address + " is not available (" + e.getMessage()
          + "): is another MeshKit member running there? pick another port or stop it");
    }
  }

  /** Like {@link #requireFree} for a UDP address (gossip). */
  static void requireFreeUdp(String address, String role) throws ConfigException {
    try (java.net.DatagramSocket probe = new java.net.DatagramSocket(null)) {
      probe.bind(parse(address));
    } catch (IOException e) {
      throw new ConfigException(role + " " + address + " is not available (" + e.getMessage()
          + "): is another MeshKit member running there? pick another port or stop it");
    }
  }

  /** {@code remote} as {@code host:port} for logs and audit records; {@code ""} when unknown. */
  static String text(java.net.SocketAddress remote) {
    if (remote instanceof InetSocketAddress inet) {
      return inet.getAddress() == null ? inet.getHostString() + ":" + inet.getPort()
          : inet.getAddress().getHostAddress() + ":" + inet.getPort();
    }
    return remote == null ? "" : remote.toString();
  }
}
