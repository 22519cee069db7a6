package io.meshkit.relay.proxy;

import io.meshkit.relay.routing.RoutingTable;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client connection (HTTP/1.1) or one HTTP/2 stream: its requests, one {@link Exchange} at a time,
 * in order. From the first request on, the channel is read only when an exchange asks for more
 * (auto-read off): that is the backpressure towards the client. Requests pipelined behind the current
 * one wait here until it is over. Once a request is read in full and nothing waits, one more read is
 * asked for at once (the next request, or the client's close, is noticed without taking the socket's
 * read interest off and on per request); what it brings waits, and no further read is asked for until
 * the waiting requests are served: at most one read's worth is held per connection.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter implements Exchange.Owner {
  private final RouteRules rules;
  private final ProxyParts parts;
  /** Messages that arrived while an exchange was in progress and are not its body: the next requests. */
  private final ArrayDeque<Object> waiting = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  /** What the client speaks on this connection or stream (fixed once the handler is in place). */
  private ProtocolRules.Protocol protocol;
  private Exchange current;
  private boolean closing;
  /** An HTTP/1.1 connection before its first request: its h2c upgrade handler, if any, is still in place. */
  private boolean upgradeWindowOpen;
  /** The one timer of this connection's answer deadlines: armed while an exchange waits for its answer. */
  private ScheduledFuture<?> clock;
  /** The client's address as text: formatted on the connection's first request, not on every one. */
  private String clientAddress;

  RelayHandler(RouteRules rules, ProxyParts parts) {
    this.rules = rules;
    this.parts = parts;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.protocol = clientProtocol(ctx.channel());
    this.upgradeWindowOpen = protocol == ProtocolRules.Protocol.HTTP1;
  }

  @Override
  public String clientAddress() {
    if (clientAddress == null) {
      clientAddress = ProxyHeaders.addressText(ctx.channel().remoteAddress());
    }
    return clientAddress;
  }

  @Override
  public boolean answersAsBytes() {
    return protocol == ProtocolRules.Protocol.HTTP1;
  }

  /** h2 or h2c for an HTTP/2 stream (TLS on its connection or not), else HTTP/1.x. */
  private static ProtocolRules.Protocol clientProtocol(io.netty.channel.Channel channel) {
    if (!(channel instanceof io.netty.handler.codec.http2.Http2StreamChannel stream)) {
      return ProtocolRules.Protocol.HTTP1;
    }
    return stream.parent().pipeline().get(io.netty.handler.ssl.SslHandler.class) != null
        ? ProtocolRules.Protocol.H2 : ProtocolRules.Protocol.H2C;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      ReferenceCountUtil.release(msg);
    } else if (current != null && waiting.isEmpty() && msg instanceof HttpContent content
        && !(msg instanceof HttpRequest)) {
      current.onRequestContent(content);
      readAheadAfter(msg);
    } else if (current != null || !waiting.isEmpty()) {
      waiting.add(msg);
    } else {
      begin(msg);
      readAheadAfter(msg);
    }
  }

  /** {@code msg} ended the request in progress and nothing waits: ask for the next read now. */
  private void readAheadAfter(Object msg) {
    if (msg instanceof LastHttpContent && !closing && waiting.isEmpty()) {
      ctx.read();
    }
  }

  /** The answer to a request head the codec could not decode: 414 / 431 for the codec's size limits. */
  private static RelayException unparsable(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return new RelayException(414, "the request line is longer than " + FrontChannels.MAX_INITIAL_LINE_BYTES
          + " bytes", "shorten the URL");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return new RelayException(431, "the request headers are larger than " + FrontChannels.MAX_HEADER_BYTES
          + " bytes", "send fewer or smaller headers");
    }
    return new RelayException(400, "the request could not be parsed: " + cause.getMessage(),
        "send a valid HTTP/1.1 or HTTP/2 request");
  }

  /** A message with no exchange in progress: a request head starts one; anything else is dropped. */
  private void begin(Object msg) {
    if (!isHead(msg)) {
      ReferenceCountUtil.release(msg); // the rest of a request the relay already answered and closed on
      return;
    }
    ctx.channel().config().setAutoRead(false);
    if (upgradeWindowOpen) {
      upgradeWindowOpen = false;
      closeUpgradeWindow();
    }
    if (msg instanceof HttpRequest decoded && decoded.decoderResult().isFailure()) {
      ReferenceCountUtil.release(msg);
      reject(unparsable(decoded.decoderResult().cause()));
      return;
    }
    switch (parts.protocols().judge(ProtocolRules.Side.CLIENT, protocol)) {
      case PREFERRED -> { }
      case DOWNGRADE -> parts.metrics().downgraded(ProtocolRules.Side.CLIENT, protocol);
      case REFUSED -> {
        ReferenceCountUtil.release(msg);
        reject(new RelayException(505, "the request came over " + protocol.policyName() + ", which the transport"
            + " policy does not allow (client_protocols: " + String.join(", ",
                parts.protocols().allowed(ProtocolRules.Side.CLIENT)) + ")", "send it over "
            + String.join(" or ", parts.protocols().allowed(ProtocolRules.Side.CLIENT))));
        return;
      }
    }
    ClientRequest request = msg instanceof RequestHead bytes ? bytes : new DecodedRequest((HttpRequest) msg);
    RoutingTable table = parts.routing().current();
    Exchange exchange;
    try {
      exchange = new Exchange(ctx, request, rules.target(request), parts, this);
      current = exchange;
      exchange.start(table);
    } catch (RelayException e) {
      exchange = new Exchange(ctx, request, new RouteRules.Target("-", "", ""), parts, this);
      current = exchange;
      exchange.fail(e);
    }
    if (msg instanceof HttpContent content) {
      // A head that also carries the body (HTTP/2, an upgrade request): its body goes on as content
      // of its own. The exchange may be over already: it releases what comes after its end.
      exchange.onRequestContent(msg instanceof LastHttpContent last
          ? new DefaultLastHttpContent(last.content(), last.trailingHeaders().copy())
          : new DefaultHttpContent(content.content()));
    }
  }

  /** A request's head: read as bytes by the front's codec, or decoded by Netty (HTTP/1.x that is not plain, HTTP/2). */
  private static boolean isHead(Object msg) {
    return msg instanceof RequestHead || msg instanceof HttpRequest;
  }

  /**
   * After a cleartext connection's first request its h2c upgrade handler leaves the pipeline, so later
   * messages skip that hop: a server may ignore {@code Upgrade} on later requests (RFC 9110 7.8), and
   * clients upgrade on the first. It is idle at this point: the request it just passed on was not an
   * upgrade, or one it declined, and the codec decodes the next message only after this one is handled.
   */
  private void closeUpgradeWindow() {
    HttpServerUpgradeHandler upgrade = ctx.pipeline().get(HttpServerUpgradeHandler.class);
    if (upgrade != null) {
      ctx.pipeline().remove(upgrade);
    }
  }

  private void reject(RelayException e) {
    closing = true;
    ctx.writeAndFlush(ErrorAnswers.of(e, parts.routing().current(), null, false))
        .addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exchangeDone(boolean closeClient) {
    current = null;
    if (closeClient) {
      closing = true;
      waiting.forEach(ReferenceCountUtil::release);
      waiting.clear();
      ctx.close();
      return;
    }
    while (current == null && !waiting.isEmpty()) {
      begin(waiting.poll());
    }
    while (current != null && !waiting.isEmpty() && !isHead(waiting.peek())) {
      current.onRequestContent((HttpContent) waiting.poll());
    }
    if (current == null && waiting.isEmpty()) {
      ctx.read();
    }
  }

  @Override
  public void answerDue(long deadlineNanos) {
    if (clock == null) {
      clock = ctx.executor().schedule(this::tick, deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }
  }

  /** The clock went off: the current exchange checks its deadline; one still ahead re-arms the clock. */
  private void tick() {
    clock = null;
    if (current != null) {
      long next = current.checkDeadline(System.nanoTime());
      if (next != 0) {
        answerDue(next);
      }
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closing = true;
    if (clock != null) {
      clock.cancel(false);
      clock = null;
    }
    waiting.forEach(ReferenceCountUtil::release);
    waiting.clear();
    if (current != null) {
      current.abort();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
