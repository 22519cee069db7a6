package io.meshkit.samples.shardservice;

import java.net.InetSocketAddress;

/** A {@code host:port} listen address, checked with a message that names the fix. */
final class ListenAddress {
  private ListenAddress() {}

  static InetSocketAddress parse(String address) {
    int colon = address == null ? -1 : address.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("--listen '" + address + "' is not host:port, e.g. 127.0.0.1:9201");
    }
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("--listen '" + address + "' has no valid port (1-65535): the registry publishes it to the relay");
    }
    return new InetSocketAddress(address.substring(0, colon), port);
  }
}
