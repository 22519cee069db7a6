package io.meshkit.relay.proxy;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The socket transport under the relay's event loops: Linux's native epoll (Netty's JNI transport:
 * no NIO selector, fewer copies and objects per read) where its library loads, Java's NIO elsewhere.
 * A relay's client and backend channels always share one transport, since a backend connection is
 * opened on the event loop of the client connection it serves.
 *
 * <p>{@code -Dmeshkit.relay.transport=nio} forces NIO (to compare, or to rule the native library out);
 * {@code epoll} insists on it and fails the start, naming why, when it cannot load; {@code io_uring}
 * takes Linux's io_uring (opt-in: fewer syscalls and context switches, a little less CPU per request in
 * docs/perf.md, but often disabled by container runtimes' seccomp profiles and kernel settings).
 *
 * <p>{@link #LOCAL} is Netty's in-process transport, for the relay's benchmarks only (never chosen by the
 * property): "host:port" then names an in-process channel, not a socket, so a benchmark measures the
 * relay's own work per request without syscalls or other processes sharing the cores.
 */
enum RelayTransport {
  EPOLL("epoll", EpollIoHandler::newFactory, EpollServerSocketChannel.class, EpollSocketChannel.class),
  IO_URING("io_uring", IoUringIoHandler::newFactory, IoUringServerSocketChannel.class, IoUringSocketChannel.class),
  NIO("nio", NioIoHandler::newFactory, NioServerSocketChannel.class, NioSocketChannel.class),
  LOCAL("local", LocalIoHandler::newFactory, LocalServerChannel.class, LocalChannel.class);

  /** The system property that picks a transport: auto (the default), epoll, io_uring or nio. */
  static final String PROPERTY = "meshkit.relay.transport";

  private final String label;
  private final Supplier<IoHandlerFactory> handlers;
  private final Class<? extends ServerChannel> serverChannel;
  private final Class<? extends Channel> socketChannel;

  RelayTransport(String label, Supplier<IoHandlerFactory> handlers, Class<? extends ServerChannel> serverChannel,
      Class<? extends Channel> socketChannel) {
    this.label = label;
    this.handlers = handlers;
    this.serverChannel = serverChannel;
    this.socketChannel = socketChannel;
  }

  /**
   * The transport {@link #PROPERTY} asks for, epoll when it says nothing and epoll loads.
   *
   * @throws IllegalArgumentException when the property names no transport, or asks for epoll where it
   *     cannot load (the message says why)
   */
  static RelayTransport chosen() {
    return choose(System.getProperty(PROPERTY, "auto"), Epoll.isAvailable(), Epoll.unavailabilityCause());
  }

  /** {@link #chosen()} for a given setting and epoll's availability (unit-testable). */
  static RelayTransport choose(String setting, boolean epollLoads, Throwable whyNot) {
    switch (setting.trim().toLowerCase(Locale.ROOT)) {
      case "auto":
        return epollLoads ? EPOLL : NIO;
      case "nio":
        return NIO;
      case "io_uring":
        if (!IoUring.isAvailable()) {
          throw new IllegalArgumentException("-D" + PROPERTY + "=io_uring, but Netty's io_uring transport does not"
              + " load here: " + IoUring.unavailabilityCause() + "; hint: leave the property out (auto) or set it to epoll or nio");
        }
        return IO_URING;
      case "epoll":
        if (!epollLoads) {
          throw new IllegalArgumentException("-D" + PROPERTY + "=epoll, but Netty's native epoll transport does "
              + "not load here: " + (whyNot == null ? "unknown reason" : whyNot.getMessage())
              + "; hint: leave the property out (auto) or set it to nio");
        }
        return EPOLL;
      default:
        throw new IllegalArgumentException("-D" + PROPERTY + "=" + setting + " names no transport; "
            + "hint: auto (the default), epoll, io_uring or nio");
    }
  }

  /** Event loops of this transport. */
  EventLoopGroup group(int threads) {
    return new MultiThreadIoEventLoopGroup(threads, handlers.get());
  }

  /** The listening socket's channel class. */
  Class<? extends ServerChannel> serverChannel() {
    return serverChannel;
  }

  /** A connection's channel class (towards backends). */
  Class<? extends Channel> socketChannel() {
    return socketChannel;
  }

  /** Whether its channels are sockets (and take socket options such as TCP_NODELAY). */
  boolean sockets() {
    return this != LOCAL;
  }

  /** Where "host:port" (unresolved) is on this transport: that socket, or for {@link #LOCAL} the channel named so. */
  SocketAddress address(InetSocketAddress hostPort) {
    return this == LOCAL ? local(hostPort) : hostPort;
  }

  /** What to listen on for "host:port" (unresolved): the host resolved, or for {@link #LOCAL} the name. */
  SocketAddress listenAddress(InetSocketAddress hostPort) {
    return this == LOCAL ? local(hostPort) : new InetSocketAddress(hostPort.getHostString(), hostPort.getPort());
  }

  private static LocalAddress local(InetSocketAddress hostPort) {
    return new LocalAddress(hostPort.getHostString() + ":" + hostPort.getPort());
  }

  @Override
  public String toString() {
    return label;
  }
}
