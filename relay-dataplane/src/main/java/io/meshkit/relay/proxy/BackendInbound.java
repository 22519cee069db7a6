package io.meshkit.relay.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a backend channel (an HTTP/1.1 connection or an HTTP/2 stream): hands what the
 * backend sends to the exchange the channel serves at the moment. A channel serving nobody (idle in
 * its pool) that receives anything, or fails, is closed: it can no longer be trusted with a request.
 * The exchange is a field of the handler, found as the pipeline's last one (no attribute lookups per
 * message); everything here runs on the channel's event loop.
 */
final class BackendInbound extends ChannelInboundHandlerAdapter {
  /** What a backend channel reports to the exchange using it; called on the channel's event loop. */
  interface Listener {
    void onBackendMessage(HttpObject message);

    /** The channel's current read batch is delivered: what was written on may be flushed. */
    void onBackendReadComplete();

    /** The channel closed or failed before the answer was complete. */
    void onBackendFailed(String why);
  }

  /** The exchange the channel serves now; null while it serves nobody. */
  private Listener listener;
  /** The channel served a request before the one it serves now (a kept-alive connection). */
  private boolean served;

  /** {@code ch}'s handler, or null once its pipeline is torn down (the channel closed). */
  private static BackendInbound of(Channel ch) {
    return ch.pipeline().last() instanceof BackendInbound inbound ? inbound : null;
  }

  /** {@code ch} serves {@code listener} from now on; false when the channel is gone already. */
  static boolean attach(Channel ch, Listener listener) {
    BackendInbound inbound = of(ch);
    if (inbound != null) {
      inbound.listener = listener;
    }
    return inbound != null;
  }

  /** {@code ch} serves nobody now; {@code served}: it did serve a request (it may be kept for another). */
  static void detach(Channel ch, boolean served) {
    BackendInbound inbound = of(ch);
    if (inbound != null) {
      inbound.listener = null;
      inbound.served |= served;
    }
  }

  /** Whether {@code ch} served a request before the one it serves now. */
  static boolean served(Channel ch) {
    BackendInbound inbound = of(ch);
    return inbound != null && inbound.served;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (listener != null && msg instanceof HttpObject http) {
      listener.onBackendMessage(http);
    } else {
      ReferenceCountUtil.release(msg);
      ctx.close();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (listener != null) {
      listener.onBackendReadComplete();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Listener listener = this.listener;
    this.listener = null;
    if (listener != null) {
      listener.onBackendFailed("the backend closed the connection before answering in full");
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Listener listener = this.listener;
    this.listener = null;
    ctx.close();
    if (listener != null) {
      listener.onBackendFailed("backend connection failed: " + cause.getMessage());
    }
  }
}
