package io.meshkit.relay.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP/2 over cleartext (prior knowledge) to backends whose endpoint says {@code h2c://}: one
 * connection per (event loop, backend), each request a stream of it. Streams beyond the backend's
 * {@code SETTINGS_MAX_CONCURRENT_STREAMS} wait in the codec until one ends; the backend's
 * {@link BackendLimiter} bounds them first. A connection that closed is replaced on the next request.
 */
final class H2cConnections implements BackendConnections {
  private record ConnectionKey(EventLoop loop, SocketAddress address) {}

  private final Bootstrap bootstrap;
  private final ChannelGroup group;
  /** Only touched on the key's event loop. */
  private final Map<ConnectionKey, ChannelFuture> connections = new ConcurrentHashMap<>();

  /** @param group where each connection is kept until it closes (the proxy closes them all) */
  H2cConnections(Bootstrap bootstrap, ChannelGroup group) {
    this.bootstrap = bootstrap;
    this.group = group;
  }

  @Override
  public void open(EventLoop loop, SocketAddress address, Opened then) {
    ChannelFuture connection = connections.compute(new ConnectionKey(loop, address), (k, existing) ->
        existing != null && (!existing.isDone() || existing.channel().isActive()) ? existing : connect(loop, address));
    connection.addListener(connected -> {
      if (!connected.isSuccess()) {
        then.opened(null, connected.cause());
        return;
      }
      new Http2StreamChannelBootstrap(connection.channel()).handler(new ChannelInitializer<Http2StreamChannel>() {
        @Override
        protected void initChannel(Http2StreamChannel ch) {
          ch.config().setAutoRead(false);
          ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false), new BackendInbound());
        }
      }).open().addListener(opened -> then.opened(opened.isSuccess() ? (Channel) opened.getNow() : null,
          opened.cause()));
    });
  }

  private ChannelFuture connect(EventLoop loop, SocketAddress address) {
    return bootstrap.clone(loop).remoteAddress(address).handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        group.add(ch);
        ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().encoderEnforceMaxConcurrentStreams(true).build(),
            new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
      }
    }).connect();
  }

  /** A stream serves one request: it is closed (reset if the answer was not complete). */
  @Override
  public void release(Channel ch, boolean reusable) {
    BackendInbound.detach(ch);
    ch.close();
  }

  /** Each stream is new; a dead connection is replaced before a stream is opened on it. */
  @Override
  public boolean reused(Channel ch) {
    return false;
  }

  /** Forgets the connections; they close with the proxy's channel group. */
  @Override
  public void close() {
    connections.clear();
  }
}
