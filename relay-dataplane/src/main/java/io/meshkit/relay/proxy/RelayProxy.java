package io.meshkit.relay.proxy;

import io.meshkit.relay.routing.RoutingFollower;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The relay's HTTP/1.1 front: keep-alive client connections, each request routed by
 * {@link RelayHandler} to its shard owner over pooled backend connections. Requests and responses are
 * taken whole (up to {@link Settings#maxBodyBytes}; more is refused with 413), which also lets a
 * request be sent a second time after a 421.
 */
public final class RelayProxy implements AutoCloseable {
  /**
   * @param connectTimeout to a backend
   * @param requestTimeout a backend's answer, from the request sent
   * @param idleTimeout a client connection with no traffic is closed
   * @param maxConnectionsPerBackend pooled connections per backend address (in-flight limit)
   */
  public record Settings(Duration connectTimeout, Duration requestTimeout, Duration idleTimeout,
      int maxConnectionsPerBackend, int maxBodyBytes) {
    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(60), 64, 8 << 20);
    }
  }

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final BackendClient backends;
  private final Channel server;

  private RelayProxy(EventLoopGroup boss, EventLoopGroup workers, BackendClient backends, Channel server) {
    this.boss = boss;
    this.workers = workers;
    this.backends = backends;
    this.server = server;
  }

  /** Listens on {@code address} ("host:port"; port 0 = any free one) and serves until closed. */
  public static RelayProxy start(String address, RouteRules rules, RoutingFollower routing, Settings settings,
      RelayMetrics metrics) throws InterruptedException {
    EventLoopGroup boss = new NioEventLoopGroup(1);
    EventLoopGroup workers = new NioEventLoopGroup();
    BackendClient backends = new BackendClient(workers, settings.connectTimeout(), settings.requestTimeout(),
        settings.maxConnectionsPerBackend(), settings.maxBodyBytes());
    InetSocketAddress bind = BackendClient.address(address);
    Channel server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new IdleStateHandler(0, 0, settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS) {
              @Override
              protected void channelIdle(io.netty.channel.ChannelHandlerContext ctx, IdleStateEvent evt) {
                ctx.close();
              }
            }, new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                new HttpObjectAggregator(settings.maxBodyBytes()),
                new RelayHandler(rules, routing, backends, metrics));
          }
        })
        .bind(new InetSocketAddress(bind.getHostString(), bind.getPort())).sync().channel();
    return new RelayProxy(boss, workers, backends, server);
  }

  /** Every backend's load: in flight, queued, limit (what {@code /control/backpressure} reports). */
  public java.util.List<BackendLoad> load() {
    return backends.load();
  }

  /** The bound port. */
  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    backends.close();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
  }
}
