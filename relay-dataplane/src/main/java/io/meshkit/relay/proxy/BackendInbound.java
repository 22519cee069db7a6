package io.meshkit.relay.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a backend channel (an HTTP/1.1 connection or an HTTP/2 stream): hands what the
 * backend sends to the exchange the channel serves at the moment. A channel serving nobody (idle in
 * its pool) that receives anything, or fails, is closed: it can no longer be trusted with a request.
 */
final class BackendInbound extends ChannelInboundHandlerAdapter {
  /** What a backend channel reports to the exchange using it; called on the channel's event loop. */
  interface Listener {
    /** An {@link HttpObject}, or an answer read as bytes: an {@link AnswerHead}, then {@link AnswerBytes}. */
    void onBackendMessage(Object message);

    /** The channel's current read batch is delivered: what was written on may be flushed. */
    void onBackendReadComplete();

    /** The channel closed or failed before the answer was complete. */
    void onBackendFailed(String why);
  }

  private static final AttributeKey<Listener> LISTENER = AttributeKey.valueOf("meshkit.relay.exchange");

  static void attach(Channel ch, Listener listener) {
    ch.attr(LISTENER).set(listener);
  }

  static void detach(Channel ch) {
    ch.attr(LISTENER).set(null);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Listener listener = ctx.channel().attr(LISTENER).get();
    if (listener != null && (msg instanceof HttpObject || msg instanceof AnswerHead || msg instanceof AnswerBytes)) {
      listener.onBackendMessage(msg);
    } else {
      ReferenceCountUtil.release(msg);
      ctx.close();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    Listener listener = ctx.channel().attr(LISTENER).get();
    if (listener != null) {
      listener.onBackendReadComplete();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Listener listener = ctx.channel().attr(LISTENER).getAndSet(null);
    if (listener != null) {
      listener.onBackendFailed("the backend closed the connection before answering in full");
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Listener listener = ctx.channel().attr(LISTENER).getAndSet(null);
    ctx.close();
    if (listener != null) {
      listener.onBackendFailed("backend connection failed: " + cause.getMessage());
    }
  }
}
