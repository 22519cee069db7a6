package io.meshkit.relay.proxy;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A test's backend on loopback (the JDK's HTTP server answering with {@code handler}) and the relays
 * started in front of it, routing namespace {@code orders} (header {@code x-meshkit-namespace}) to it
 * by the shard key header. Closing stops the relays it started, then the backend.
 */
final class OneBackend implements AutoCloseable {
  private final HttpServer server;
  private final java.util.List<RelayProxy> relays = new java.util.ArrayList<>();

  OneBackend(HttpHandler handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", handler);
    server.start();
  }

  /** A new relay with the default settings in front of this backend. */
  RelayProxy relay() throws InterruptedException {
    return relay(RelayProxy.Settings.defaults());
  }

  /** A new relay with {@code settings} in front of this backend. */
  RelayProxy relay(RelayProxy.Settings settings) throws InterruptedException {
    RelayProxy relay = RelayProxy.start("127.0.0.1:0", RouteRules.byHeaders("x-meshkit-namespace"),
        new FixedRouting(FixedRouting.ownedBy(10, "b1", "127.0.0.1:" + server.getAddress().getPort())),
        settings, RelayMetrics.NONE);
    relays.add(relay);
    return relay;
  }

  @Override
  public void close() {
    relays.forEach(RelayProxy::close);
    server.stop(0);
  }
}
