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
 * The socket transport under the relay's event loops, by default the fastest one that works here:
 * Linux's io_uring where the kernel lets this process set up a ring (Netty's native transport: a batch
 * of reads and writes per system call), else Linux's native epoll (Netty's JNI transport: no NIO
 * selector, fewer copies and objects per read), else Java's NIO. A relay's client and backend channels
 * always share one transport, since a backend connection is opened on the event loop of the client
 * connection it serves.
 *
 * <p>io_uring is often switched off — container runtimes' seccomp profiles refuse its system calls,
 * {@code kernel.io_uring_disabled} refuses rings — and then Netty's probe fails and epoll is taken, with
 * nothing for the operator to do. {@code -Dmeshkit.relay.transport=epoll} (or {@code nio}) passes it
 * over where it works but is not wanted; {@code io_uring} or {@code epoll} insists on that one and fails
 * the start, naming why, when it cannot load.
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

  /** The system property that picks a transport: auto (the default), io_uring, epoll or nio. */
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

  /** Whether a native transport loads here and, when it does not, why (Netty's unavailability cause). */
  record Support(boolean loads, Throwable whyNot) {
    String reason() {
      return whyNot == null ? "unknown reason" : whyNot.getMessage();
    }
  }

  /**
   * The transport {@link #PROPERTY} asks for; when it says nothing (auto), io_uring where it loads, else
   * epoll where it loads, else NIO.
   *
   * @throws IllegalArgumentException when the property names no transport, or asks for a native one where
   *     it cannot load (the message says why)
   */
  static RelayTransport chosen() {
    return choose(System.getProperty(PROPERTY, "auto"), new Support(IoUring.isAvailable(), IoUring.unavailabilityCause()),
        new Support(Epoll.isAvailable(), Epoll.unavailabilityCause()));
  }

  /** {@link #chosen()} for a given setting and the native transports' support (unit-testable). */
  static RelayTransport choose(String setting, Support ioUring, Support epoll) {
    switch (setting.trim().toLowerCase(Locale.ROOT)) {
      case "auto":
        return ioUring.loads() ? IO_URING : epoll.loads() ? EPOLL : NIO;
      case "nio":
        return NIO;
      case "io_uring":
        return insist(IO_URING, ioUring, "epoll or nio");
      case "epoll":
        return insist(EPOLL, epoll, "nio");
      default:
        throw new IllegalArgumentException("-D" + PROPERTY + "=" + setting + " names no transport; "
            + "hint: auto (the default), io_uring, epoll or nio");
    }
  }

  private static RelayTransport insist(RelayTransport wanted, Support support, String others) {
    if (!support.loads()) {
      throw new IllegalArgumentException("-D" + PROPERTY + "=" + wanted + ", but Netty's native " + wanted
          + " transport does not load here: " + support.reason() + "; hint: leave the property out (auto) or set it to "
          + others);
    }
    return wanted;
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
