package io.meshkit.relay.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The relay's way to its backends: per backend an in-flight limit with a bounded queue
 * ({@link BackendLimiter}), then a channel for the request — a pooled HTTP/1.1 connection, or a stream
 * of a shared HTTP/2 connection when the endpoint is written {@code h2c://host:port}.
 */
final class Backends implements AutoCloseable {
  /** One request's hold on a backend: its limiter slot and its channel, given back together once. */
  static final class Lease {
    private final String endpoint;
    private final Channel channel;
    private final BackendConnections via;
    private final BackendLimiter limiter;
    private final boolean reused;
    private boolean released;

    private Lease(String endpoint, Channel channel, BackendConnections via, BackendLimiter limiter) {
      this.endpoint = endpoint;
      this.channel = channel;
      this.reused = via.reused(channel);
      this.via = via;
      this.limiter = limiter;
    }

    String endpoint() {
      return endpoint;
    }

    Channel channel() {
      return channel;
    }

    /** The channel served an earlier request (a kept-alive connection, which the backend may close). */
    boolean reused() {
      return reused;
    }

    /** Gives the channel and the slot back; {@code reusable} as in {@link BackendConnections#release}. */
    void release(boolean reusable) {
      if (!released) {
        released = true;
        via.release(channel, reusable);
        limiter.release();
      }
    }
  }

  private final int limit;
  private final int queueLimit;
  private final BackendConnections http1;
  private final BackendConnections h2c;
  private final Map<String, BackendLimiter> limiters = new ConcurrentHashMap<>();
  /** Parsed endpoints (parsing takes regular expressions: not once per request). */
  private final Map<String, SocketAddress> addresses = new ConcurrentHashMap<>();
  private final RelayTransport transport;

  /**
   * @param transport the client connections' (a backend connection runs on its client's event loop)
   * @param allocator for the connections' buffers (the one client connections use)
   * @param connections where each backend connection is kept until it closes (the proxy closes them all)
   */
  Backends(RelayTransport transport, ByteBufAllocator allocator, ChannelGroup connections, Duration connectTimeout,
      int limit, int queueLimit) {
    this(transport, limit, queueLimit, bootstrap(transport, allocator, connectTimeout), connections);
  }

  private Backends(RelayTransport transport, int limit, int queueLimit, Bootstrap bootstrap, ChannelGroup connections) {
    this(transport, new Http1Connections(bootstrap, connections), new H2cConnections(bootstrap, connections), limit,
        queueLimit);
  }

  /** Over the given connections (tests give their own). */
  Backends(RelayTransport transport, BackendConnections http1, BackendConnections h2c, int limit, int queueLimit) {
    this.limit = limit;
    this.queueLimit = queueLimit;
    this.transport = transport;
    this.http1 = http1;
    this.h2c = h2c;
  }

  private static Bootstrap bootstrap(RelayTransport transport, ByteBufAllocator allocator, Duration connectTimeout) {
    Bootstrap bootstrap = new Bootstrap().channel(transport.socketChannel()).option(ChannelOption.ALLOCATOR, allocator)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis());
    if (transport.sockets()) {
      bootstrap.option(ChannelOption.TCP_NODELAY, true);
    }
    return bootstrap;
  }

  /** What {@link #acquire} hands over, on the asking event loop: a lease, or the answer to give instead. */
  interface Leased {
    void leased(Lease lease, RelayException failure);
  }

  /**
   * A slot and a channel for one request to {@code endpoint} ("host:port", or "h2c://host:port"),
   * handed to {@code then} on {@code loop} (at once when both are free, as they usually are); the
   * failure is a {@link RelayException}: 503 when the backend's queue is full, 502 when it cannot be
   * reached or the endpoint is not an address. Called on {@code loop}.
   */
  void acquire(EventLoop loop, String endpoint, Leased then) {
    SocketAddress address;
    try {
      address = addresses.computeIfAbsent(endpoint, e -> transport.address(address(e)));
    } catch (IllegalArgumentException e) {
      then.leased(null, new RelayException(502, "backend endpoint " + endpoint + " is not host:port",
          "fix the node's endpoints: meshctl nodes update"));
      return;
    }
    BackendConnections via = endpoint.startsWith("h2c://") ? h2c : http1;
    BackendLimiter limiter = limiters.computeIfAbsent(endpoint, e -> new BackendLimiter(e, limit, queueLimit));
    CompletableFuture<Boolean> slot = limiter.acquire(loop);
    if (slot.isDone()) {
      slotted(slot.join(), loop, endpoint, address, via, limiter, then);
    } else {
      slot.thenAccept(granted -> slotted(granted, loop, endpoint, address, via, limiter, then));
    }
  }

  /** The limiter has answered (on {@code loop}): a channel when it granted a slot, 503 when not. */
  private static void slotted(boolean granted, EventLoop loop, String endpoint, SocketAddress address,
      BackendConnections via, BackendLimiter limiter, Leased then) {
    if (!granted) {
      BackendLoad load = limiter.load();
      then.leased(null, new RelayException(503, "backend " + endpoint + " is saturated: "
          + load.inFlight() + " requests in flight and " + load.queued() + " waiting",
          "retry after a moment; if it lasts, add capacity or raise maxConnectionsPerBackend / maxQueuedPerBackend"));
      return;
    }
    boolean[] delivered = {false};  // on loop only: open calls back there
    BackendConnections.Opened once = (channel, failure) -> {
      if (delivered[0]) {
        if (channel != null) {
          via.release(channel, false);
        }
        return;
      }
      delivered[0] = true;
      if (failure == null) {
        then.leased(new Lease(endpoint, channel, via, limiter), null);
      } else {
        limiter.release();
        then.leased(null, new RelayException(502, "cannot connect to backend " + endpoint + ": "
            + failure.getMessage(), "check the owner's data endpoint is up"));
      }
    };
    try {
      via.open(loop, address, once);
    } catch (RuntimeException e) {
      // Not expected (open reports failures through its callback), but a slot must not leak on it, and
      // the request must still be answered: what was not handed over yet goes as a failure now.
      once.opened(null, e);
    }
  }

  /** Every backend this relay has sent to, by endpoint. */
  List<BackendLoad> load() {
    List<BackendLoad> all = new ArrayList<>();
    limiters.values().forEach(l -> all.add(l.load()));
    all.sort(Comparator.comparing(BackendLoad::endpoint));
    return all;
  }

  /** "host:port", optionally after a scheme ("h2c://", "http://") and before a path. */
  static InetSocketAddress address(String endpoint) {
    String hostPort = endpoint.replaceFirst("^[a-z0-9]+://", "").replaceFirst("/.*$", "");
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException(endpoint);
    }
    try {
      return InetSocketAddress.createUnresolved(hostPort.substring(0, colon).replace("[", "").replace("]", ""),
          Integer.parseInt(hostPort.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(endpoint, e);
    }
  }

  @Override
  public void close() {
    http1.close();
    h2c.close();
  }
}
