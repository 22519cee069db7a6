package io.meshkit.relay.proxy;

import io.meshkit.relay.health.NodeLiveness;
import io.meshkit.relay.routing.RoutingSource;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.ResourceLeakDetector;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's front: client connections speaking HTTP/1.1 or h2c, each request routed by the
 * routing table of its moment to its shard owner and streamed both ways with backpressure
 * ({@link Exchange}), over per-backend in-flight limits and pooled connections ({@link Backends}).
 */
public final class RelayProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RelayProxy.class);

  /**
   * @param connectTimeout to a backend
   * @param requestTimeout from forwarding a request until its backend's answer begins
   * @param idleTimeout a client connection with no traffic is closed
   * @param maxConnectionsPerBackend requests in flight to one backend at once (its connections, or
   *     its HTTP/2 streams)
   * @param maxQueuedPerBackend requests waiting for one of those; beyond, 503 with Retry-After
   * @param maxBodyBytes the largest request body; larger gets 413
   * @param replayBufferBytes a request body up to this size is kept while it is sent, so it can be
   *     sent again after a 421; a larger one is streamed without a copy (a 421 then reaches the client)
   */
  public record Settings(Duration connectTimeout, Duration requestTimeout, Duration idleTimeout,
      int maxConnectionsPerBackend, int maxQueuedPerBackend, long maxBodyBytes, int replayBufferBytes) {
    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(60), 64, 1024,
          8L << 20, 64 << 10);
    }
  }

  /**
   * The buffers of every relay connection: Netty's pooled allocator, whose per-event-loop caches fit a
   * proxy's pattern (each buffer taken and given back on one loop, within one request). Netty 4.2's
   * default, the adaptive allocator, cost the relay about 10 % more CPU per request under the
   * saturating benchmark (docs/perf.md). {@code -Dio.netty.allocator.type} still picks Netty's default.
   */
  static ByteBufAllocator allocator() {
    return System.getProperty("io.netty.allocator.type") == null ? PooledByteBufAllocator.DEFAULT
        : ByteBufAllocator.DEFAULT;
  }

  /** How long {@link #close()} waits for the connections to close, then for the event loops to stop. */
  private static final long CLOSE_WAIT_MILLIS = 2_000;
  /**
   * The event loops' quiet period on close. Not zero: with zero, a loop that sees the shutdown only in
   * its last check exits without closing the channels still registered with it (Netty 4.2.18), and
   * their sockets would stay open with nobody reading them. {@link #close()} closes every connection
   * itself first anyway.
   */
  private static final long QUIET_MILLIS = 50;

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Backends backends;
  private final Channel server;
  /** Every connection the proxy has open, clients' and backends' (a closed one leaves by itself). */
  private final ChannelGroup connections;
  private final ProtocolRules protocols;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RelayProxy(EventLoopGroup boss, EventLoopGroup workers, Backends backends, Channel server,
      ChannelGroup connections, ProtocolRules protocols) {
    this.boss = boss;
    this.workers = workers;
    this.backends = backends;
    this.server = server;
    this.connections = connections;
    this.protocols = protocols;
  }

  /** {@link #start(String, RouteRules, RoutingSource, NodeLiveness, Settings, RelayMetrics)}, no node down. */
  public static RelayProxy start(String address, RouteRules rules, RoutingSource routing, Settings settings,
      RelayMetrics metrics) throws InterruptedException {
    return start(address, rules, routing, NodeLiveness.NONE, settings, metrics);
  }

  /**
   * Listens on {@code address} ("host:port"; port 0 = any free one) and serves until closed.
   *
   * @param liveness which nodes are down (requests for shards they own get 503, or a replica)
   */
  public static RelayProxy start(String address, RouteRules rules, RoutingSource routing, NodeLiveness liveness,
      Settings settings, RelayMetrics metrics) throws InterruptedException {
    return start(address, rules, routing, liveness, settings, metrics, java.util.Optional.empty());
  }

  /**
   * {@link #start(String, RouteRules, RoutingSource, NodeLiveness, Settings, RelayMetrics)}, serving TLS
   * with {@code tls} when present: HTTP/2 or HTTP/1.1 as the client's ALPN picks (no h2c then).
   */
  public static RelayProxy start(String address, RouteRules rules, RoutingSource routing, NodeLiveness liveness,
      Settings settings, RelayMetrics metrics, java.util.Optional<io.netty.handler.ssl.SslContext> tls)
      throws InterruptedException {
    // One event loop per core, as a proxy's workers usually are (Netty's default is two per core);
    // -Dio.netty.eventLoopThreads still overrides.
    RelayTransport transport = RelayTransport.chosen();
    return start(transport, transport.group(Integer.getInteger("io.netty.eventLoopThreads",
        Runtime.getRuntime().availableProcessors())), address, rules, routing, liveness, settings, metrics, tls);
  }

  /**
   * As above, on {@code transport} with {@code workers} as the connections' event loops (a benchmark
   * runs its own channels on them too); the proxy shuts them down when it closes.
   */
  static RelayProxy start(RelayTransport transport, EventLoopGroup workers, String address, RouteRules rules,
      RoutingSource routing, NodeLiveness liveness, Settings settings, RelayMetrics metrics,
      java.util.Optional<io.netty.handler.ssl.SslContext> tls) throws InterruptedException {
    EventLoopGroup boss = transport.group(1);
    ChannelGroup connections = new DefaultChannelGroup("relay-connections", GlobalEventExecutor.INSTANCE);
    ByteBufAllocator allocator = allocator();
    Backends backends = new Backends(transport, allocator, connections, settings.connectTimeout(),
        settings.maxConnectionsPerBackend(), settings.maxQueuedPerBackend());
    ProxyParts parts = new ProxyParts(routing, liveness, backends, metrics, settings.requestTimeout(),
        settings.replayBufferBytes(), settings.maxBodyBytes(), new ProtocolRules());
    InetSocketAddress bind = Backends.address(address);
    ServerBootstrap front = new ServerBootstrap().group(boss, workers).channel(transport.serverChannel())
        .childOption(ChannelOption.ALLOCATOR, allocator)
        .childHandler(new FrontChannels(rules, parts, settings.idleTimeout(), tls, connections));
    if (transport.sockets()) {
      front.childOption(ChannelOption.TCP_NODELAY, true);
    }
    Channel server = front.bind(transport.listenAddress(bind)).sync().channel();
    LOG.info("relay proxy listening on {} over {}", server.localAddress(), transport);
    return new RelayProxy(boss, workers, backends, server, connections, parts.protocols());
  }

  /**
   * For a process that is only a relay: Netty's leak detector off, unless a level was asked for
   * ({@code -Dio.netty.leakDetection.level=simple}). It records a stack trace for one buffer in 128,
   * about 1.5 % of a busy relay's CPU (docs/perf.md); the proxy's tests run with Netty's default.
   */
  public static void leakDetectionOffUnlessAsked() {
    if (System.getProperty("io.netty.leakDetection.level") == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
  }

  /** Every backend's load: in flight, queued, limit (what {@code /control/backpressure} reports). */
  public List<BackendLoad> load() {
    return backends.load();
  }

  /** The transport policy's protocol rules this proxy applies (allow everything until {@link ProtocolRules#set}). */
  public ProtocolRules protocols() {
    return protocols;
  }

  /** The bound port (-1 on the in-process transport, which has none). */
  public int port() {
    return server.localAddress() instanceof InetSocketAddress bound ? bound.getPort() : -1;
  }

  /**
   * Stops listening, closes every client and backend connection (requests in flight are cut off) and
   * stops the event loops, once (a second call returns at once). When it returns no socket of this
   * proxy is open, unless a step ran past its wait (the loops then close what is left as they stop).
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.close().syncUninterruptibly();
    connections.close().awaitUninterruptibly(CLOSE_WAIT_MILLIS);
    backends.close();
    Future<?> bossStopped = boss.shutdownGracefully(QUIET_MILLIS, CLOSE_WAIT_MILLIS,
        TimeUnit.MILLISECONDS);
    workers.shutdownGracefully(QUIET_MILLIS, CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(CLOSE_WAIT_MILLIS + QUIET_MILLIS);
    bossStopped.awaitUninterruptibly(CLOSE_WAIT_MILLIS + QUIET_MILLIS);
  }
}
