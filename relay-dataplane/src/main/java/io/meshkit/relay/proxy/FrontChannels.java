package io.meshkit.relay.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AsciiString;
import java.time.Duration;
import java.util.List;

/**
 * The pipeline of a client connection. One port speaks HTTP/1.1 (keep-alive, pipelining) and HTTP/2
 * over cleartext, whether the client starts with the HTTP/2 preface (prior knowledge) or upgrades an
 * HTTP/1.1 request ({@code Upgrade: h2c}). Each HTTP/2 stream gets its own {@link RelayHandler}, fed
 * the same HTTP objects as an HTTP/1.1 connection. With TLS, the client's ALPN choice decides: h2 or
 * http/1.1. A connection idle for {@code idleTimeout} is closed.
 */
final class FrontChannels extends ChannelInitializer<Channel> {
  /** What a client speaking HTTP/2 with prior knowledge sends first (RFC 9113 3.4). */
  private static final ByteBuf H2_PREFACE = Unpooled.unreleasableBuffer(Http2CodecUtil.connectionPrefaceBuf()).asReadOnly();
  /** The most an {@code Upgrade: h2c} request's body may be (it is read whole before switching). */
  private static final int MAX_UPGRADE_BODY = 64 * 1024;
  /** The longest HTTP/1.1 request line (method, URL, version); longer gets 414. */
  static final int MAX_INITIAL_LINE_BYTES = 8 * 1024;
  /** The most HTTP/1.1 header bytes (every line together); more gets 431. HTTP/2: the same list size. */
  static final int MAX_HEADER_BYTES = 16 * 1024;

  private final RouteRules rules;
  private final ProxyParts parts;
  private final Duration idleTimeout;
  /** TLS on this port (ALPN: h2 or http/1.1, no h2c); empty: cleartext. */
  private final java.util.Optional<SslContext> tls;
  /** Where each client connection is kept until it closes (so that closing the proxy closes it). */
  private final ChannelGroup connections;

  FrontChannels(RouteRules rules, ProxyParts parts, Duration idleTimeout, java.util.Optional<SslContext> tls,
      ChannelGroup connections) {
    this.rules = rules;
    this.parts = parts;
    this.idleTimeout = idleTimeout;
    this.tls = tls;
    this.connections = connections;
  }

  @Override
  protected void initChannel(Channel ch) {
    connections.add(ch);
    if (tls.isPresent()) {
      ch.pipeline().addLast(new IdleCloser(idleTimeout), tls.get().newHandler(ch.alloc()), new Negotiated());
      return;
    }
    FrontCodec http1 = http1Codec();
    HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(http1, protocol ->
        AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
            ? new Http2ServerUpgradeCodec(Http2FrameCodecBuilder.forServer().initialSettings(h2Settings()).build(), multiplex()) : null,
        MAX_UPGRADE_BODY);
    ch.pipeline().addLast(new IdleCloser(idleTimeout), new PriorKnowledge(http1, upgrade), http1, upgrade,
        new HttpServerExpectContinueHandler(), new RelayHandler(rules, parts));
  }

  static FrontCodec http1Codec() {
    return new FrontCodec(new HttpDecoderConfig().setMaxInitialLineLength(MAX_INITIAL_LINE_BYTES)
        .setMaxHeaderSize(MAX_HEADER_BYTES));
  }

  /** After the TLS handshake: the HTTP/2 codec and stream multiplexer, or HTTP/1.1, as ALPN agreed. */
  private final class Negotiated extends ApplicationProtocolNegotiationHandler {
    Negotiated() {
      super(ApplicationProtocolNames.HTTP_1_1);
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
      if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
        ctx.pipeline().addLast(Http2FrameCodecBuilder.forServer().initialSettings(h2Settings()).build(), multiplex());
      } else {
        ctx.pipeline().addLast(http1Codec(), new HttpServerExpectContinueHandler(), new RelayHandler(rules, parts));
      }
    }
  }

  /**
   * First on a cleartext connection: a client that opens with the HTTP/2 preface (prior knowledge) gets
   * the HTTP/2 codec and the stream multiplexer in place of the HTTP/1.1 handlers; any other first bytes
   * leave HTTP/1.1 in place. Either way it leaves, handing on what it read.
   */
  private final class PriorKnowledge extends ByteToMessageDecoder {
    private final ChannelHandler http1;
    private final ChannelHandler upgrade;

    PriorKnowledge(ChannelHandler http1, ChannelHandler upgrade) {
      this.http1 = http1;
      this.upgrade = upgrade;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
      int n = Math.min(in.readableBytes(), H2_PREFACE.readableBytes());
      if (!ByteBufUtil.equals(H2_PREFACE, H2_PREFACE.readerIndex(), in, in.readerIndex(), n)) {
        ctx.pipeline().remove(this);
      } else if (n == H2_PREFACE.readableBytes()) {
        ctx.pipeline().remove(http1);
        ctx.pipeline().remove(upgrade);
        ctx.pipeline().addAfter(ctx.name(), "h2-frames", Http2FrameCodecBuilder.forServer().initialSettings(h2Settings()).build())
            .addAfter("h2-frames", "h2-streams", multiplex())
            .remove(this);
      }
    }
  }

  private static Http2Settings h2Settings() {
    return Http2Settings.defaultSettings().maxHeaderListSize(MAX_HEADER_BYTES);
  }

  private ChannelHandler multiplex() {
    ChannelInitializer<Http2StreamChannel> stream = new ChannelInitializer<>() {
      @Override
      protected void initChannel(Http2StreamChannel ch) {
        ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true), new RelayHandler(rules, parts));
      }
    };
    return new Http2MultiplexHandler(stream, stream);
  }
}
